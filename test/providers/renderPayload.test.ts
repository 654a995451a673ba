import { InvalidOptionError } from '../../lib/errors';
import { compilePayloadTemplate } from '../../lib/providers/renderPayload';

const hostile = { body: 'He said "hi" \\ back\nslash\ttab 😀 {{mobile}} {{ body }}', mobile: '+1234567890', locale: 'en' };

describe('compilePayloadTemplate', () => {
  describe('JSON', () => {
    it('turns bare placeholders into string literals, as the reference documents', () => {
      const render = compilePayloadTemplate('{"content": {{body}},"to": {{mobile}}}', 'JSON');

      expect(render({ body: 'Verification Code: 769317', mobile: '+1234567890', locale: 'en' })).toBe(
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

      expect(JSON.parse(render({ body: 'b', mobile: 'm', locale: 'en' }))).toEqual({ to: 'm', t1: 'b', t2: 'b' });
    });

    it('tells escaped quotes in the template from string ends', () => {
      const render = compilePayloadTemplate('{"q": "say \\"{{body}}\\"", "to": {{mobile}}}', 'JSON');

      expect(JSON.parse(render({ body: 'a"b', mobile: 'm', locale: 'en' }))).toEqual({ q: 'say "a"b"', to: 'm' });
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

      expect(render({ body: 'Verification Code: 769317', mobile: '+1234567890', locale: 'en' })).toBe('Body=Verification+Code%3A+769317&To=%2B1234567890');
    });

    it('keeps hostile text intact through encoding', () => {
      const render = compilePayloadTemplate('Body={{ body }}&To={{mobile}}&Copy={{body}}', 'FORM');
      const form = new URLSearchParams(render({ body: 'a&b=c "d" 😀 {{mobile}}', mobile: '+1', locale: 'en' }));

      expect(form.getAll('Body')).toEqual(['a&b=c "d" 😀 {{mobile}}']);
      expect(form.get('Copy')).toBe('a&b=c "d" 😀 {{mobile}}');
      expect(form.get('To')).toBe('+1');
    });
  });

  describe('{{locale}} in a text', () => {
    it('is escaped like the other values, in and outside JSON strings', () => {
      const render = compilePayloadTemplate('{"to": {{mobile}}, "text": {{body}}, "lang": {{locale}}, "tag": "lang-{{ locale }}"}', 'JSON');

      expect(JSON.parse(render({ ...hostile, locale: 'pt-"BR"\\x' }))).toEqual({ to: hostile.mobile, text: hostile.body, lang: 'pt-"BR"\\x', tag: 'lang-pt-"BR"\\x' });
    });

    it('is URL-encoded in a form', () => {
      const render = compilePayloadTemplate('To={{mobile}}&Body={{body}}&Lang={{locale}}', 'FORM');

      expect(render({ body: 'b', mobile: 'm', locale: 'fr&x=1' })).toBe('To=m&Body=b&Lang=fr%26x%3D1');
    });

    it('refuses {{digits}}, which only a call has', () => {
      expect(() => compilePayloadTemplate('{"to": {{mobile}}, "text": {{body}}, "d": {{digits}}}', 'JSON')).toThrow(
        expect.objectContaining({ option: 'payloadTemplate', received: '{{digits}}' }),
      );
    });
  });

  describe('a call', () => {
    const voice = { channel: 'voice', option: 'voice.payloadTemplate' } as const;
    const call = { body: 'Your code is 1 2 3. Again: 1 2 3.', mobile: '+15555550100', locale: 'fr', digits: '1 2 3' };

    it('fills {{mobile}}, {{body}}, {{digits}} and {{locale}}, JSON-escaped', () => {
      const render = compilePayloadTemplate('{"to": {{mobile}}, "say": {{body}}, "digits": "{{digits}}", "language": {{locale}}}', 'JSON', voice);
      const hostileCall = { body: 'Dites "1" \\ 😀\n', mobile: '+1', locale: 'fr-"CA"', digits: '1 " \\ A' };

      expect(JSON.parse(render(call))).toEqual({ to: call.mobile, say: call.body, digits: '1 2 3', language: 'fr' });
      expect(JSON.parse(render(hostileCall))).toEqual({ to: '+1', say: hostileCall.body, digits: hostileCall.digits, language: hostileCall.locale });
    });

    it('fills them URL-encoded in a form', () => {
      const render = compilePayloadTemplate('to={{mobile}}&text={{body}}&digits={{digits}}&lang={{locale}}', 'FORM', voice);

      expect(render(call)).toBe('to=%2B15555550100&text=Your+code+is+1+2+3.+Again%3A+1+2+3.&digits=1+2+3&lang=fr');
      expect(Object.fromEntries(new URLSearchParams(render({ ...call, digits: 'A & B = C' })))).toMatchObject({ digits: 'A & B = C' });
    });

    it('may carry the digits alone, for a gateway that composes its own words', () => {
      const render = compilePayloadTemplate('{"to": {{mobile}}, "code": {{digits}}}', 'JSON', voice);

      expect(JSON.parse(render(call))).toEqual({ to: call.mobile, code: '1 2 3' });
    });

    it('renders missing digits as an empty string', () => {
      const render = compilePayloadTemplate('{"to": {{mobile}}, "say": {{body}}, "code": {{digits}}}', 'JSON', voice);

      expect(JSON.parse(render({ body: 'b', mobile: 'm', locale: 'en' }))).toEqual({ to: 'm', say: 'b', code: '' });
    });

    it.each([
      ['neither {{body}} nor {{digits}}', '{"to": {{mobile}}, "lang": {{locale}}}'],
      ['no {{mobile}}', '{"say": {{body}}, "code": {{digits}}}'],
      ['an unknown placeholder', '{"to": {{mobile}}, "say": {{body}}, "x": {{code}}}'],
      ['invalid JSON', '{"to": {{mobile}}, "say": {{body}}'],
    ])('refuses a template with %s, naming voice.payloadTemplate', (_label, template) => {
      expect(() => compilePayloadTemplate(template, 'JSON', voice)).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option: 'voice.payloadTemplate' }));
    });
  });
});
