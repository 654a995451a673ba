import { InvalidOptionError } from '../../lib/errors';
import { compilePayloadTemplate } from '../../lib/providers/renderPayload';

const hostile = { body: 'He said "hi" \\ back\nslash\ttab 😀 {{mobile}} {{ body }}', mobile: '+1234567890' };

describe('compilePayloadTemplate', () => {
  describe('JSON', () => {
    it('turns bare placeholders into string literals, as the reference documents', () => {
      const render = compilePayloadTemplate('{"content": {{body}},"to": {{mobile}}}', 'JSON');

      expect(render({ body: 'Verification Code: 769317', mobile: '+1234567890' })).toBe(
        '{"content": "Verification Code: 769317","to": "+1234567890"}',
      );
    });

    it('escapes placeholders inside JSON strings', () => {
      const render = compilePayloadTemplate('{"text": "Bonjour {{body}}", "to": "{{mobile}}"}', 'JSON');

      expect(JSON.parse(render(hostile))).toEqual({ text: `Bonjour ${hostile.body}`, to: hostile.mobile });
    });

    it('yields valid JSON holding the exact text for hostile messages, without re-substituting', () => {
      const render = compilePayloadTemplate('{"a": {{body}}, "b": "x {{body}} y", "to": {{mobile}}}', 'JSON');

      expect(JSON.parse(render(hostile))).toEqual({ a: hostile.body, b: `x ${hostile.body} y`, to: hostile.mobile });
    });

    it('accepts spaces inside the braces and replaces every occurrence', () => {
      const render = compilePayloadTemplate('{"to": {{ mobile }}, "t1": {{  body}}, "t2": "{{body }}"}', 'JSON');

      expect(JSON.parse(render({ body: 'b', mobile: 'm' }))).toEqual({ to: 'm', t1: 'b', t2: 'b' });
    });

    it('tells escaped quotes in the template from string ends', () => {
      const render = compilePayloadTemplate('{"q": "say \\"{{body}}\\"", "to": {{mobile}}}', 'JSON');

      expect(JSON.parse(render({ body: 'a"b', mobile: 'm' }))).toEqual({ q: 'say "a"b"', to: 'm' });
    });

    it.each([
      ['a template that is not JSON', '{"to": {{mobile}}, "text": {{body}}'],
      ['two placeholders with nothing between them', '{"to": {{mobile}}{{body}}}'],
      ['an unknown placeholder', '{"to": {{mobile}}, "text": {{body}}, "x": {{name}}}'],
      ['a template without {{mobile}}', '{"text": {{body}}}'],
      ['a placeholder right after a backslash', '{"text": "\\{{body}}", "to": {{mobile}}}'],
    ])('refuses %s', (_label, template) => {
      expect(() => compilePayloadTemplate(template, 'JSON')).toThrow(expect.objectContaining({ option: 'payloadTemplate' }));
      expect(() => compilePayloadTemplate(template, 'JSON')).toThrow(InvalidOptionError);
    });
  });

  describe('FORM', () => {
    it('URL-encodes values like the reference (spaces as +)', () => {
      const render = compilePayloadTemplate('Body={{body}}&To={{mobile}}', 'FORM');

      expect(render({ body: 'Verification Code: 769317', mobile: '+1234567890' })).toBe('Body=Verification+Code%3A+769317&To=%2B1234567890');
    });

    it('keeps hostile text intact through encoding', () => {
      const render = compilePayloadTemplate('Body={{ body }}&To={{mobile}}&Copy={{body}}', 'FORM');
      const form = new URLSearchParams(render({ body: 'a&b=c "d" 😀 {{mobile}}', mobile: '+1' }));

      expect(form.getAll('Body')).toEqual(['a&b=c "d" 😀 {{mobile}}']);
      expect(form.get('Copy')).toBe('a&b=c "d" 😀 {{mobile}}');
      expect(form.get('To')).toBe('+1');
    });
  });
});
