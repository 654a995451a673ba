import { InvalidOptionError } from '../errors';

/** The values a payload template can hold. */
export interface PayloadValues {
  /** The message text. */
  readonly body: string;
  /** The recipient's number. */
  readonly mobile: string;
}

/** How the payload is encoded: `JSON` (`application/json`) or `FORM` (`application/x-www-form-urlencoded`). */
export type PayloadContentType = 'JSON' | 'FORM';

/** Turns message values into the request body. */
export type PayloadRenderer = (values: PayloadValues) => string;

type Part = string | { readonly name: keyof PayloadValues; readonly inString: boolean };

/** `{{body}}`, `{{ mobile }}`; any other `{{word}}` is caught as a likely typo. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g;

/** Sample values with every character that could break an encoding. */
const HOSTILE_SAMPLE: PayloadValues = { body: 'Code: "1234" \\ {{mobile}}\n\t\u2028 😀 &=+%', mobile: '+1234567890' };

/**
 * Compiles a payload template once, at construction, into a renderer.
 *
 * JSON: a placeholder outside a JSON string becomes a JSON string literal
 * (`{"to": {{mobile}}}`), one inside a string is JSON-escaped (`{"text": "Code: {{body}}"}`).
 * The template is test-rendered with hostile text and refused unless the result parses,
 * so every later render is valid JSON whatever the message holds.
 * FORM: each placeholder becomes the URL-encoded value (spaces as `+`).
 * Values are inserted in one pass, so `{{mobile}}` inside the message text stays literal.
 */
export function compilePayloadTemplate(template: string, contentType: PayloadContentType): PayloadRenderer {
  const parts = splitTemplate(template, contentType);
  const names = new Set(parts.filter((part) => typeof part !== 'string').map((part) => part.name));
  if (!names.has('body') || !names.has('mobile')) {
    throw new InvalidOptionError('payloadTemplate', 'a template containing both {{body}} and {{mobile}}');
  }
  const encode = contentType === 'JSON' ? encodeJson : encodeForm;
  const render: PayloadRenderer = (values) =>
    parts.map((part) => (typeof part === 'string' ? part : encode(values[part.name], part.inString))).join('');
  if (contentType === 'JSON') {
    try {
      JSON.parse(render(HOSTILE_SAMPLE));
    } catch {
      throw new InvalidOptionError('payloadTemplate', 'a JSON template that yields valid JSON, such as {"to": {{mobile}}, "text": {{body}}}');
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
function splitTemplate(template: string, contentType: PayloadContentType): Part[] {
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
    const name = match[1];
    if (name !== 'body' && name !== 'mobile') {
      throw new InvalidOptionError('payloadTemplate', 'a template whose only placeholders are {{body}} and {{mobile}}');
    }
    const literal = template.slice(last, match.index);
    track(literal);
    if (escaped) throw new InvalidOptionError('payloadTemplate', 'a template without a backslash right before a placeholder');
    parts.push(literal, { name, inString });
    last = match.index + match[0].length;
  }
  parts.push(template.slice(last));
  return parts.filter((part) => part !== '');
}
