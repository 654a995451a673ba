import { InvalidOptionError } from '../errors';
import type { Channel } from './SmsProvider';

/** The values a payload template can hold. */
export interface PayloadValues {
  /** The message text; for a call, the words to speak. */
  readonly body: string;
  /** The recipient's number. */
  readonly mobile: string;
  /** The language of `body`, a BCP 47 tag such as `'fr'`. */
  readonly locale: string;
  /** For a call: the code's characters separated by spaces (`'1 2 3 4 5 6'`). */
  readonly digits?: string;
}

/** How the payload is encoded: `JSON` (`application/json`) or `FORM` (`application/x-www-form-urlencoded`). */
export type PayloadContentType = 'JSON' | 'FORM';

/** Turns message values into the request body. */
export type PayloadRenderer = (values: PayloadValues) => string;

/** Which template is compiled: a text's or a call's (which may also speak `{{digits}}`), and the option that holds it, for errors. */
export interface PayloadTemplateKind {
  readonly channel: Channel;
  readonly option: string;
}

type Name = keyof PayloadValues;
type Part = string | { readonly name: Name; readonly inString: boolean };

/** The placeholders each channel's template may use, and what it must contain to reach anyone. */
const PLACEHOLDERS: Readonly<Record<Channel, { readonly allowed: readonly Name[]; readonly complete: (names: ReadonlySet<Name>) => boolean; readonly needs: string }>> = {
  sms: { allowed: ['body', 'mobile', 'locale'], complete: (names) => names.has('body') && names.has('mobile'), needs: '{{body}} and {{mobile}}' },
  voice: {
    allowed: ['body', 'mobile', 'digits', 'locale'],
    // A gateway that composes its own words needs only the digits.
    complete: (names) => names.has('mobile') && (names.has('body') || names.has('digits')),
    needs: '{{mobile}} and {{body}} or {{digits}}',
  },
};

/** `{{body}}`, `{{ mobile }}`; any other `{{word}}` is caught as a likely typo. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g;

/** Sample values with every character that could break an encoding. */
const HOSTILE_SAMPLE: PayloadValues = {
  body: 'Code: "1234" \\ {{mobile}}\n\t\u2028 😀 &=+%',
  mobile: '+1234567890',
  locale: 'x-"\\{{body}}',
  digits: '1 " \\ 😀',
};

/**
 * Compiles a payload template once, at construction, into a renderer.
 *
 * JSON: a placeholder outside a JSON string becomes a JSON string literal
 * (`{"to": {{mobile}}}`), one inside a string is JSON-escaped (`{"text": "Code: {{body}}"}`).
 * The template is test-rendered with hostile text and refused unless the result parses,
 * so every later render is valid JSON whatever the message holds.
 * FORM: each placeholder becomes the URL-encoded value (spaces as `+`).
 * Values are inserted in one pass, so `{{mobile}}` inside the message text stays literal.
 *
 * A text's template holds `{{body}}` and `{{mobile}}`, and may hold `{{locale}}`; a call's holds
 * `{{mobile}}` and `{{body}}` or `{{digits}}` (or both), and may hold `{{locale}}`.
 *
 * @throws {InvalidOptionError} naming `kind.option`, for a template that lacks a placeholder, has an unknown one, or yields invalid JSON.
 */
export function compilePayloadTemplate(
  template: string,
  contentType: PayloadContentType,
  kind: PayloadTemplateKind = { channel: 'sms', option: 'payloadTemplate' },
): PayloadRenderer {
  const rules = PLACEHOLDERS[kind.channel];
  const parts = splitTemplate(template, contentType, kind.option, rules.allowed);
  const names = new Set(parts.filter((part) => typeof part !== 'string').map((part) => part.name));
  if (!rules.complete(names)) throw new InvalidOptionError(kind.option, `a template containing ${rules.needs}`);
  const encode = contentType === 'JSON' ? encodeJson : encodeForm;
  // A call placed without digits (by a caller other than the package) speaks its body alone.
  const render: PayloadRenderer = (values) =>
    parts.map((part) => (typeof part === 'string' ? part : encode(values[part.name] ?? '', part.inString))).join('');
  if (contentType === 'JSON') {
    try {
      JSON.parse(render(HOSTILE_SAMPLE));
    } catch {
      throw new InvalidOptionError(kind.option, 'a JSON template that yields valid JSON, such as {"to": {{mobile}}, "text": {{body}}}');
    }
  }
  return render;
}

function encodeJson(value: string, inString: boolean): string {
  const literal = JSON.stringify(value);
  return inString ? literal.slice(1, -1) : literal;
}

function encodeForm(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** Splits the template into literal text and placeholders, noting whether each sits inside a JSON string. */
function splitTemplate(template: string, contentType: PayloadContentType, option: string, allowed: readonly Name[]): Part[] {
  const parts: Part[] = [];
  let inString = false;
  let escaped = false;
  let last = 0;
  const track = (text: string): void => {
    if (contentType !== 'JSON') return;
    for (const char of text) {
      if (escaped) escaped = false;
      else if (inString && char === '\\') escaped = true;
      else if (char === '"') inString = !inString;
    }
  };
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] as Name;
    if (!allowed.includes(name)) {
      throw new InvalidOptionError(option, `a template whose only placeholders are ${allowed.map((known) => `{{${known}}}`).join(', ')}`, `{{${match[1]}}}`);
    }
    const literal = template.slice(last, match.index);
    track(literal);
    if (escaped) throw new InvalidOptionError(option, 'a template without a backslash right before a placeholder');
    parts.push(literal, { name, inString });
    last = match.index + match[0].length;
  }
  parts.push(template.slice(last));
  return parts.filter((part) => part !== '');
}
