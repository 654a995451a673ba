import { CustomHttpProvider, type CustomHttpProviderOptions } from '../../lib/providers/CustomHttpProvider';
import type { CustomVoiceOptions } from '../../lib/providers/custom/CustomVoiceOptions';
import { useGatewayEmulator } from '../support/httpGatewayEmulator';
import { sendError } from '../support/sendError';

const emulator = useGatewayEmulator();

const VOICE_TEMPLATE = '{"to": {{mobile}}, "say": {{body}}, "digits": "{{digits}}", "language": {{locale}}}';

function provider(options: Partial<CustomHttpProviderOptions> = {}, voice: Partial<CustomVoiceOptions> = {}): CustomHttpProvider {
  const created = new CustomHttpProvider({
    url: `${emulator.gateway.origin}/sms`,
    payloadTemplate: '{"text": {{body}}, "to": {{mobile}}}',
    headers: 'x-api-key: key-0123456789',
    timeoutMs: 1000,
    voice: { url: `${emulator.gateway.origin}/calls`, payloadTemplate: VOICE_TEMPLATE, ...voice },
    ...options,
  });
  emulator.providers.push(created);
  return created;
}

const call = {
  to: '+15555550100',
  channel: 'voice' as const,
  locale: 'fr',
  digits: '4 8 1 5 1 6',
  body: 'Votre code est 4 8 1 5 1 6. Je répète : 4 8 1 5 1 6. Encore : 4 8 1 5 1 6.',
};

describe('CustomHttpProvider calls', () => {
  it('can call with the voice option, and not without', () => {
    expect(provider().voice).toBe(true);
    expect(provider({ voice: undefined }).voice).toBe(false);
  });

  it("posts the call's template to the voice URL, with the SMS request's method and headers", async () => {
    await expect(provider({ method: 'PUT' }).send(call)).resolves.toBe(200);

    const [request] = emulator.gateway.received;
    expect(request).toMatchObject({ method: 'PUT', path: '/calls' });
    expect(request.headers).toMatchObject({ 'x-api-key': 'key-0123456789', 'content-type': 'application/json' });
    expect(JSON.parse(request.body)).toEqual({ to: call.to, say: call.body, digits: '4 8 1 5 1 6', language: 'fr' });
  });

  it('sends a text to the SMS URL still', async () => {
    await provider().send({ to: call.to, body: 'Your code is 481516.', channel: 'sms', locale: 'en' });

    expect(emulator.gateway.received[0].path).toBe('/sms');
    expect(JSON.parse(emulator.gateway.received[0].body)).toEqual({ text: 'Your code is 481516.', to: call.to });
  });

  it('escapes hostile values in JSON', async () => {
    const hostile = { ...call, body: 'Say "1" \\ {{digits}}\n😀', digits: 'A " \\ {{body}}', locale: 'x-"y"' };
    await provider().send(hostile);

    expect(JSON.parse(emulator.gateway.received[0].body)).toEqual({ to: call.to, say: hostile.body, digits: hostile.digits, language: hostile.locale });
  });

  it('posts a form with its own Content-Type, dropping the SMS one and keeping the other headers', async () => {
    const created = provider(
      { headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t0ken-abcdef' } },
      { contentType: 'form', payloadTemplate: 'To={{mobile}}&Text={{body}}&Digits={{digits}}&Lang={{locale}}' },
    );
    await created.send({ ...call, digits: '1 & 2', locale: 'pt-BR' });

    const [request] = emulator.gateway.received;
    expect(request.headers).toMatchObject({ 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer t0ken-abcdef' });
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({ To: call.to, Text: call.body, Digits: '1 & 2', Lang: 'pt-BR' });
  });

  it('uses its own method and headers when given, and not the SMS ones', async () => {
    await provider({ method: 'PUT' }, { method: 'post', headers: 'x-voice-key: voice-key-42' }).send(call);

    expect(emulator.gateway.received[0].method).toBe('POST');
    expect(emulator.gateway.received[0].headers['x-voice-key']).toBe('voice-key-42');
    expect(emulator.gateway.received[0].headers['x-api-key']).toBeUndefined();
  });

  it("resolves with the call's id through messageIdPath, or through its own", async () => {
    const sent = await provider({ messageIdPath: 'messages.0.id' }).send(call);
    expect(sent).toEqual({ messageIds: emulator.gateway.messageIds[0] });

    emulator.gateway.answer({ body: '{"call": {"uuid": "call-77"}}' });
    await expect(provider({ messageIdPath: 'messages.0.id' }, { messageIdPath: 'call.uuid' }).send(call)).resolves.toEqual({ messageIds: ['call-77'] });
  });

  it('reports a failed call as the voice gateway, without header values', async () => {
    emulator.gateway.answer({ status: 502, body: 'bad key voice-key-42' });
    const err = await sendError(provider({}, { headers: 'x-voice-key: voice-key-42' }).send(call));

    expect(err).toMatchObject({ status: 502, retryable: true, provider: 'custom' });
    expect(err.message).toBe(`Voice gateway ${emulator.gateway.origin} answered HTTP 502: bad key ***`);
  });

  it('rejects a call without the voice option, as a set-up fault, sending nothing', async () => {
    const err = await sendError(provider({ voice: undefined, name: 'texts-only' }).send(call));

    expect(err).toMatchObject({ provider: 'texts-only', retryable: false, fault: 'setup' });
    expect(err.message).toMatch(/cannot place calls/);
    expect(emulator.gateway.received).toEqual([]);
  });

  it.each([
    ['a missing url and template', { url: undefined, payloadTemplate: undefined }, 'voice.url, voice.payloadTemplate'],
    ['an ftp URL', { url: 'ftp://example.com/calls' }, 'voice.url'],
    ['a GET', { method: 'GET' }, 'voice.method'],
    ['XML', { contentType: 'XML' }, 'voice.contentType'],
    ['a header with a line break', { headers: 'x-a: 1\r\nx-b: 2' }, 'voice.headers.x-a'],
    ['a Content-Type against its contentType', { contentType: 'FORM', payloadTemplate: 'to={{mobile}}&text={{body}}', headers: 'Content-Type: application/json' }, 'voice.headers.Content-Type'],
    ['a template without the spoken words', { payloadTemplate: '{"to": {{mobile}}}' }, 'voice.payloadTemplate'],
    ['an empty messageIdPath', { messageIdPath: ' ' }, 'voice.messageIdPath'],
  ])('refuses %s, naming the option', (_label, voice, option) => {
    expect(() => provider({}, voice as Partial<CustomVoiceOptions>)).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option }));
  });

  it('refuses a voice option that is not an object, and a misspelt one, naming the closest', () => {
    expect(() => provider({ voice: true as unknown as CustomVoiceOptions })).toThrow(expect.objectContaining({ option: 'voice' }));
    expect(() => provider({}, { payloadTemplat: VOICE_TEMPLATE } as Partial<CustomVoiceOptions>)).toThrow('Unknown option "voice.payloadTemplat": did you mean "voice.payloadTemplate"?');
  });
});
