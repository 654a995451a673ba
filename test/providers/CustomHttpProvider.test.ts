import { CustomHttpProvider, type CustomHttpProviderOptions } from '../../lib/providers/CustomHttpProvider';
import { useGatewayEmulator } from '../support/httpGatewayEmulator';
import { closedPort } from '../support/httpServer';
import { sendError } from '../support/sendError';

const emulator = useGatewayEmulator();

const message = { to: '+1234567890', body: 'Verification Code: 769317', channel: 'sms' as const, locale: 'en' };
const hostile = { to: '+1234567890', body: 'He said "hi" \\ back\nslash 😀 {{mobile}} {{ body }}', channel: 'sms' as const, locale: 'en' };

function provider(options: Partial<CustomHttpProviderOptions> = {}): CustomHttpProvider {
  const created = new CustomHttpProvider({
    url: `${emulator.gateway.origin}/sms`,
    payloadTemplate: '{"content": {{body}},"to": {{mobile}}}',
    timeoutMs: 1000,
    ...options,
  });
  emulator.providers.push(created);
  return created;
}


describe('CustomHttpProvider', () => {
  it.each([
    ['POST', undefined],
    ['PUT', 'put'],
  ])('sends JSON with %s', async (expected, method) => {
    await expect(provider({ method }).send(message)).resolves.toBe(200);

    const [request] = emulator.gateway.received;
    expect(request.method).toBe(expected);
    expect(request.path).toBe('/sms');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toBe('{"content": "Verification Code: 769317","to": "+1234567890"}');
  });

  it.each([
    ['POST', ' '],
    ['PUT', 'PUT'],
  ])('sends FORM with %s, values URL-encoded like the reference', async (expected, method) => {
    await provider({ method, contentType: 'form', payloadTemplate: 'Body={{body}}&To={{mobile}}' }).send(message);

    const [request] = emulator.gateway.received;
    expect(request.method).toBe(expected);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.body).toBe('Body=Verification+Code%3A+769317&To=%2B1234567890');
  });

  it.each([
    ['bare', '{"content": {{body}}, "to": {{ mobile }}}', (b: string) => b],
    ['quoted', '{"content": "Bonjour {{ body }}", "to": "{{mobile}}"}', (b: string) => `Bonjour ${b}`],
  ])('delivers hostile text exactly with %s placeholders', async (_label, payloadTemplate, expected) => {
    await provider({ payloadTemplate }).send(hostile);

    expect(JSON.parse(emulator.gateway.received[0].body)).toEqual({ content: expected(hostile.body), to: hostile.to });
  });

  it('delivers hostile text exactly as FORM', async () => {
    await provider({ contentType: 'FORM', payloadTemplate: 'Body={{ body }}&To={{mobile}}' }).send(hostile);

    expect(Object.fromEntries(new URLSearchParams(emulator.gateway.received[0].body))).toEqual({ Body: hostile.body, To: hostile.to });
  });

  it("sends the reference product's header string, including values with colons", async () => {
    await provider({ headers: 'authorisation: qwer1234asdfzxcv, x-csrf: true, x-abc: some-value, authorization: Bearer a:b' }).send(message);

    expect(emulator.gateway.received[0].headers).toMatchObject({
      authorisation: 'qwer1234asdfzxcv',
      'x-csrf': 'true',
      'x-abc': 'some-value',
      authorization: 'Bearer a:b',
    });
  });

  it.each([201, 202])('accepts HTTP %s', async (status) => {
    emulator.gateway.answer({ status });

    await expect(provider().send(message)).resolves.toBe(status);
  });

  it('reports HTTP 500 as retryable with a short excerpt that hides header values', async () => {
    emulator.gateway.answer({ status: 500, body: `{"error": "bad key qwer1234asdfzxcv", "trace": "${'x'.repeat(500)}"}` });
    const err = await sendError(provider({ headers: 'authorisation: qwer1234asdfzxcv' }).send(message));

    expect(err).toMatchObject({ provider: 'custom', status: 500, retryable: true });
    expect(err.detail).toContain('bad key ***');
    expect(err.detail!.length).toBeLessThanOrEqual(200);
    expect(`${err.message} ${err.detail}`).not.toContain('qwer1234asdfzxcv');
  });

  it.each([
    [429, true, undefined],
    [400, false, undefined],
    [401, false, 'setup'],
    [403, false, 'setup'],
  ])('reports HTTP %s with retryable %s and fault %s', async (status, retryable, fault) => {
    emulator.gateway.answer({ status, body: 'nope' });

    expect(await sendError(provider().send(message))).toMatchObject({ status, retryable, fault, detail: 'nope' });
  });

  it("keeps the gateway's reason in the message and the detail, and does not mask the Content-Type it sets", async () => {
    emulator.gateway.answer({ status: 401, body: '{"error": "invalid API token", "expected": "application/json"}' });
    const err = await sendError(provider({ headers: 'x-api-key: wrong-token-1234' }).send(message));

    expect(err.detail).toBe('{"error": "invalid API token", "expected": "application/json"}');
    expect(err.message).toBe(`SMS gateway ${emulator.gateway.origin} answered HTTP 401: ${err.detail}`);
  });

  it('reports a timeout as retryable', async () => {
    emulator.gateway.answer({ delayMs: 500 });
    const err = await sendError(provider({ timeoutMs: 100 }).send(message));

    expect(err).toMatchObject({ retryable: true, code: 'timeout' });
    expect(err.status).toBeUndefined();
  });

  it('reports a refused connection as retryable', async () => {
    const port = await closedPort();
    const err = await sendError(provider({ url: `http://127.0.0.1:${port}/sms` }).send(message));

    expect(err).toMatchObject({ retryable: true, code: 'ECONNREFUSED' });
  });

  it('reports an unknown host as retryable', async () => {
    const err = await sendError(provider({ url: 'http://no-such-host.invalid/sms' }).send(message));

    expect(err).toMatchObject({ retryable: true });
    expect(err.code).toMatch(/^(ENOTFOUND|EAI_AGAIN|timeout)$/);
  });

  it('does not follow redirects, which could carry the headers elsewhere', async () => {
    emulator.gateway.answer({ status: 302 });

    expect(await sendError(provider().send(message))).toMatchObject({ status: 302, retryable: false });
  });

  it('keeps the query string, where some gateways put credentials, out of errors', async () => {
    emulator.gateway.answer({ status: 403, body: 'key s3cr3tKey rejected' });
    const err = await sendError(provider({ url: `${emulator.gateway.origin}/sms?key=s3cr3tKey` }).send(message));

    expect(emulator.gateway.received[0].path).toBe('/sms?key=s3cr3tKey');
    expect(`${err.message} ${err.detail}`).not.toContain('s3cr3tKey');
  });

  it.each([
    [{ url: 'ftp://example.com/sms' }, 'url'],
    [{ url: 'https://user:pass@example.com/sms' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ contentType: 'XML' }, 'contentType'],
    [{ method: 'GET' }, 'method'],
    [{ payloadTemplate: '{"to": {{mobile}}, "text": {{body}}' }, 'payloadTemplate'],
    [{ headers: 'x-a: 1\r\nx-b: 2' }, 'headers.x-a'],
    [{ headers: 'content-type: text/plain' }, 'headers.Content-Type'],
    [{ timeoutMs: 1.5 }, 'timeoutMs'],
    [{ connectTimeoutMs: -1 }, 'connectTimeoutMs'],
  ])('refuses invalid options at construction, naming the option (%#)', (options, option) => {
    expect(() => provider(options as Partial<CustomHttpProviderOptions>)).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option }));
  });

  it('names every missing option in one error', () => {
    expect(() => new CustomHttpProvider({} as CustomHttpProviderOptions)).toThrow('"url, payloadTemplate"');
  });

  it('puts the text\'s language in {{locale}}', async () => {
    await provider({ payloadTemplate: '{"to": {{mobile}}, "text": {{body}}, "lang": {{locale}}}' }).send({ ...message, locale: 'pt-BR' });

    expect(JSON.parse(emulator.gateway.received[0].body)).toEqual({ to: message.to, text: message.body, lang: 'pt-BR' });
  });

  it('keeps a Content-Type header that agrees with contentType', async () => {
    await provider({ headers: 'Content-Type: application/json; charset=utf-8' }).send(message);

    expect(emulator.gateway.received[0].headers['content-type']).toBe('application/json; charset=utf-8');
  });
});

describe('CustomHttpProvider with messageIdPath', () => {
  it("resolves with the id the gateway's answer names", async () => {
    const sent = await provider({ messageIdPath: 'messages.0.id' }).send(message);

    expect(emulator.gateway.messageIds[0]).toEqual([expect.stringMatching(/^gw-/)]);
    expect(sent).toEqual({ messageIds: emulator.gateway.messageIds[0] });
  });

  it('reads a top-level id, and an integer id as its digits', async () => {
    emulator.gateway.answer({ body: '{"id": 4711, "status": "queued"}' });

    await expect(provider({ messageIdPath: ' id ' }).send(message)).resolves.toEqual({ messageIds: ['4711'] });
  });

  it('takes every id of the array the path ends at', async () => {
    emulator.gateway.answer({ body: '{"result": {"ids": ["part-1", "part-2"]}}' });

    await expect(provider({ messageIdPath: 'result.ids' }).send(message)).resolves.toEqual({ messageIds: ['part-1', 'part-2'] });
  });

  it('takes one id per part with *, in order', async () => {
    emulator.gateway.answer({ parts: 3 });

    const sent = await provider({ messageIdPath: 'messages.*.id' }).send(message);

    expect(emulator.gateway.messageIds[0]).toHaveLength(3);
    expect(sent).toEqual({ messageIds: emulator.gateway.messageIds[0] });
  });

  it('reads ids from the JSON answer of a FORM gateway', async () => {
    const sent = await provider({ contentType: 'FORM', payloadTemplate: 'Body={{body}}&To={{mobile}}', messageIdPath: 'messages.0.id' }).send(message);

    expect(sent).toEqual({ messageIds: emulator.gateway.messageIds[0] });
    expect(emulator.gateway.messageIds[0]).toHaveLength(1);
  });

  it.each([
    ['no such field', '{"messages": [{"ref": "a"}]}', 'messages.0.id'],
    ['an index past the end', '{"messages": [{"id": "a"}]}', 'messages.1.id'],
    ['an answer that is not JSON', 'OK: queued as a1', 'messages.0.id'],
    ['an empty body', '', 'id'],
    ['an empty array', '{"ids": []}', 'ids'],
    ['one part without an id', '{"messages": [{"id": "a"}, {"error": "later"}]}', 'messages.*.id'],
    ['an array holding a non-id', '{"ids": ["a", null]}', 'ids'],
    ['an empty string', '{"id": ""}', 'id'],
    ['an object', '{"id": {"value": "a"}}', 'id'],
    ['an integer too large to be exact', '{"id": 123456789012345678901}', 'id'],
    ["an array's length", '{"messages": [{"id": "a"}]}', 'messages.length'],
    ['an inherited property', '{"messages": {}}', 'messages.constructor.name'],
    ['* over an object', '{"messages": {"0": {"id": "a"}}}', 'messages.*.id'],
  ])('counts the text as sent, without ids, when the answer has %s', async (_label, body, messageIdPath) => {
    emulator.gateway.answer({ status: 201, body });

    await expect(provider({ messageIdPath }).send(message)).resolves.toBe(201);
  });

  it("still rejects a gateway's error answer", async () => {
    emulator.gateway.answer({ status: 503, body: '{"id": "a"}' });

    expect(await sendError(provider({ messageIdPath: 'id' }).send(message))).toMatchObject({ status: 503, retryable: true });
  });

  it.each([[''], ['  '], ['messages..id'], ['messages.0.'], [42]])('refuses messageIdPath %p', (messageIdPath) => {
    expect(() => provider({ messageIdPath } as Partial<CustomHttpProviderOptions>)).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option: 'messageIdPath' }));
  });
});
