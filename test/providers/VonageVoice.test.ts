import { generateKeyPairSync } from 'node:crypto';
import { Vonage } from '@vonage/server-sdk';
import { providerFromEnv } from '../../lib/providers/createProvider';
import { VonageProvider, type VonageProviderOptions } from '../../lib/providers/VonageProvider';
import { closedPort } from '../support/httpServer';
import { sendError } from '../support/sendError';
import { API_KEY, API_SECRET, startVonageEmulator, type VonageEmulator } from '../support/vonageEmulator';

const APPLICATION_ID = 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab';
const rsaKeys = () => generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const application = rsaKeys();
const stranger = rsaKeys();

let api: VonageEmulator;
beforeAll(async () => {
  api = await startVonageEmulator({ application: { applicationId: APPLICATION_ID, publicKey: application.publicKey } });
});
afterAll(() => api.close());
beforeEach(() => {
  api.received.length = 0;
  api.calls.length = 0;
});

const SPOKEN = 'Votre code est 1 2 3 4 5 6. Je répète : 1 2 3 4 5 6. Encore une fois : 1 2 3 4 5 6.';
const call = { to: '+447700900000', body: SPOKEN, channel: 'voice' as const, locale: 'fr', digits: '1 2 3 4 5 6' };

function provider(options: Partial<VonageProviderOptions> = {}): VonageProvider {
  return new VonageProvider({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    sender: '+447700900001',
    restHost: api.origin,
    apiHost: api.origin,
    timeoutMs: 2000,
    applicationId: APPLICATION_ID,
    privateKey: application.privateKey,
    ...options,
  });
}

describe('VonageProvider calls', () => {
  it('places a call through the Voice API whose talk action says the body in French, and resolves with its uuid', async () => {
    const sent = await provider().send(call);

    expect(api.calls).toHaveLength(1);
    const [placed] = api.calls;
    expect(sent).toEqual({ messageIds: [placed.uuid] });
    expect(placed.ncco).toEqual([{ action: 'talk', text: SPOKEN, language: 'fr-FR' }]);
    expect(placed.to).toEqual([{ type: 'phone', number: '447700900000' }]);
    expect(placed.from).toEqual({ type: 'phone', number: '447700900001' });
  });

  it("authenticates with a JWT of the application, signed with its private key (the emulator checks it with the public key)", async () => {
    await provider().send(call);

    const [request] = api.received;
    expect(request.path).toBe('/v1/calls');
    expect(request.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const { claims } = api.calls[0];
    expect(claims).toMatchObject({ application_id: APPLICATION_ID, jti: expect.any(String) });
    expect(Number(claims.exp)).toBeGreaterThan(Date.now() / 1000);
  });

  it.each([
    ['en', 'en-US'],
    ['de', 'de-DE'],
    ['es', 'es-ES'],
    ['pt', 'pt-BR'],
    ['fr-CA', 'fr-FR'],
    ['EN-gb', 'en-US'],
  ])('speaks locale %s as %s', async (locale, language) => {
    await provider().send({ ...call, locale });

    expect(api.calls[0].ncco).toEqual([{ action: 'talk', text: SPOKEN, language }]);
  });

  it("leaves the language out for a locale Vonage is not told of, so its default voice speaks", async () => {
    await provider().send({ ...call, locale: 'it' });

    expect(api.calls[0].ncco).toEqual([{ action: 'talk', text: SPOKEN }]);
  });

  it('calls from voiceSender when the sender is alphanumeric, and still texts from the sender', async () => {
    const calling = provider({ sender: 'MyApp', voiceSender: '+447700900002' });
    await calling.send(call);
    await calling.send({ ...call, channel: 'sms', body: 'Your code is 123456' });

    expect(api.calls[0].from).toEqual({ type: 'phone', number: '447700900002' });
    expect(api.received.map((request) => request.path)).toEqual(['/v1/calls', '/sms/json']);
    expect(JSON.parse(api.received[1].body)).toMatchObject({ from: 'MyApp', text: 'Your code is 123456' });
  });

  it('can call only with an application and a number to call from', () => {
    expect(provider().voice).toBe(true);
    expect(provider({ sender: 'MyApp', voiceSender: '+447700900002' }).voice).toBe(true);
    expect(provider({ applicationId: undefined, privateKey: undefined }).voice).toBe(false);
    expect(new VonageProvider({ sender: '+447700900001', client: new Vonage({ apiKey: API_KEY, apiSecret: API_SECRET }) }).voice).toBe(false);
  });

  it('refuses a call when it cannot call, placing none', async () => {
    const err = await sendError(provider({ applicationId: undefined, privateKey: undefined }).send(call));

    expect(err).toMatchObject({ provider: 'vonage', retryable: false, fault: 'setup' });
    expect(api.received).toHaveLength(0);
  });

  it('reports a JWT signed with another key (HTTP 401) as a permanent failure of the set-up', async () => {
    const err = await sendError(provider({ privateKey: stranger.privateKey }).send(call));

    expect(err).toMatchObject({ status: 401, retryable: false, fault: 'setup' });
    expect(err.detail).toContain('"title":"Invalid credentials supplied"');
    expect(JSON.stringify({ ...err, message: err.message })).not.toMatch(/PRIVATE KEY|Bearer/);
    expect(api.calls).toHaveLength(0);
  });

  it('reports a number the Voice API refuses (HTTP 400) as a permanent failure', async () => {
    const err = await sendError(provider().send({ ...call, to: '+12' }));

    expect(err).toMatchObject({ status: 400, retryable: false, fault: undefined });
    expect(err.detail).toContain('"title":"Bad Request"');
  });

  it.each([500, 429])('reports HTTP %s as retryable', async (httpStatus) => {
    api.failNext({ httpStatus });

    expect(await sendError(provider().send(call))).toMatchObject({ status: httpStatus, retryable: true, fault: undefined });
  });

  it('reports a timeout as retryable', async () => {
    api.failNext({ delayMs: 500 });

    expect(await sendError(provider({ timeoutMs: 100 }).send(call))).toMatchObject({ retryable: true, code: 'timeout' });
  });

  it('reports a refused connection as retryable', async () => {
    const port = await closedPort();

    expect(await sendError(provider({ apiHost: `http://127.0.0.1:${port}` }).send(call))).toMatchObject({ retryable: true, code: 'ECONNREFUSED' });
  });
});

describe('VonageProvider call options', () => {
  it('reads a private key whose line breaks are \\n escapes, as an environment variable carries it', () => {
    expect(provider({ privateKey: application.privateKey.replace(/\n/g, '\\n') }).voice).toBe(true);
  });

  const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  it.each([
    ['an application without its key', { privateKey: undefined }, 'privateKey'],
    ['a key without its application', { applicationId: undefined }, 'applicationId'],
    ['an application ID that is no UUID', { applicationId: 'my-app' }, 'applicationId'],
    ["the key's path instead of its text", { privateKey: './private.key' }, 'privateKey'],
    ['an EC key (the JWT is RS256)', { privateKey: ecKey }, 'privateKey'],
    ['an alphanumeric sender and no voiceSender', { sender: 'MyApp' }, 'voiceSender'],
    ['a voiceSender that is no number', { voiceSender: 'MyApp' }, 'voiceSender'],
    ['a voiceSender without an application', { applicationId: undefined, privateKey: undefined, voiceSender: '+447700900002' }, 'voiceSender'],
    ['an apiHost that is no http(s) URL', { apiHost: 'ftp://example.com' }, 'apiHost'],
  ])('refuses %s at construction, naming the option', (_label, options, option) => {
    expect(() => provider(options)).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option }));
  });

  it('never quotes the private key in its error', () => {
    const wrong = '-----BEGIN PRIVATE KEY-----\nnot-a-key-at-all\n-----END PRIVATE KEY-----';

    expect(() => provider({ privateKey: wrong })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('not-a-key') }));
  });

  it.each(['applicationId', 'privateKey', 'voiceSender'] as const)('refuses %s with a client, as calls need the provider to build its own', (option) => {
    const client = new Vonage({ apiKey: API_KEY, apiSecret: API_SECRET });
    const values = { applicationId: APPLICATION_ID, privateKey: application.privateKey, voiceSender: '+447700900002' };

    expect(() => new VonageProvider({ sender: 'MyApp', client, [option]: values[option] })).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option }));
  });
});

describe('a calling Vonage provider from the environment', () => {
  const env = {
    SMS_PROVIDER: 'vonage',
    VONAGE_API_KEY: API_KEY,
    VONAGE_API_SECRET: API_SECRET,
    VONAGE_SENDER: 'MyApp',
    VONAGE_APPLICATION_ID: APPLICATION_ID,
    VONAGE_PRIVATE_KEY: application.privateKey.replace(/\n/g, '\\n'),
    VONAGE_VOICE_SENDER: '+447700900002',
  };

  it('calls with VONAGE_APPLICATION_ID, VONAGE_PRIVATE_KEY and VONAGE_VOICE_SENDER', () => {
    expect(providerFromEnv(env)?.voice).toBe(true);
    expect(providerFromEnv({ ...env, VONAGE_APPLICATION_ID: undefined, VONAGE_PRIVATE_KEY: undefined, VONAGE_VOICE_SENDER: undefined })?.voice).toBe(false);
  });

  it('reads receipts with VONAGE_SIGNATURE_SECRET and VONAGE_SIGNATURE_METHOD', () => {
    expect(providerFromEnv({ ...env, VONAGE_SIGNATURE_SECRET: 'sig-secret-4f7d2a9c1b', VONAGE_SIGNATURE_METHOD: 'sha256' })?.receipts).toBeDefined();
    expect(providerFromEnv(env)?.receipts).toBeUndefined();
  });

  it.each([
    [{ VONAGE_PRIVATE_KEY: 'not a key' }, 'VONAGE_PRIVATE_KEY'],
    [{ VONAGE_PRIVATE_KEY: undefined }, 'VONAGE_PRIVATE_KEY'],
    [{ VONAGE_SIGNATURE_METHOD: 'sha256' }, 'VONAGE_SIGNATURE_METHOD'],
  ])('names the variable to fix in %o', (change, variable) => {
    expect(() => providerFromEnv({ ...env, ...change })).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option: variable }));
  });

});
