import { SmsSendError } from '../../lib/errors';
import { CustomHttpProvider } from '../../lib/providers/CustomHttpProvider';
import type { SmsProvider } from '../../lib/providers/SmsProvider';
import { TwilioProvider } from '../../lib/providers/TwilioProvider';
import { deliverWithFailover, type DeliveryAttempt } from '../../lib/providers/deliverWithFailover';
import { startGatewayEmulator, type GatewayEmulator } from '../support/httpGatewayEmulator';
import { closedPort } from '../support/httpServer';
import { ACCOUNT_SID, AUTH_TOKEN, INVALID_NUMBER, startTwilioEmulator, type TwilioEmulator } from '../support/twilioEmulator';

let gateway: GatewayEmulator;
let twilioApi: TwilioEmulator;
const closers: CustomHttpProvider[] = [];
beforeAll(async () => {
  [gateway, twilioApi] = await Promise.all([startGatewayEmulator(), startTwilioEmulator()]);
});
afterAll(async () => {
  await Promise.all(closers.map((provider) => provider.close()));
  await Promise.all([gateway.close(), twilioApi.close()]);
});
beforeEach(() => {
  gateway.received.length = 0;
  twilioApi.received.length = 0;
  gateway.answer({});
});

const message = { to: '+14155550100', body: 'Your code is 123456', channel: 'sms' as const, locale: 'en' };

function gatewayProvider(url = `${gateway.origin}/sms`): CustomHttpProvider {
  const provider = new CustomHttpProvider({ url, payloadTemplate: '{"to": {{mobile}}, "text": {{body}}}', timeoutMs: 300, name: 'gateway' });
  closers.push(provider);
  return provider;
}
const twilioProvider = (): TwilioProvider =>
  new TwilioProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, sender: '+15017122661', client: twilioApi.client() });

async function deliver(providers: SmsProvider[], to = message.to) {
  const attempts: DeliveryAttempt[] = [];
  const outcome = await deliverWithFailover(providers, { ...message, to }, (attempt) => attempts.push(attempt)).then(
    (result) => ({ result, error: undefined }),
    (error: unknown) => ({ result: undefined, error }),
  );
  return { ...outcome, attempts };
}

describe('deliverWithFailover', () => {
  it('uses the first provider when it accepts the message', async () => {
    const { result, attempts } = await deliver([gatewayProvider(), twilioProvider()]);

    expect(result).toEqual({ provider: 'gateway', messageIds: undefined });
    expect(attempts).toEqual([{ provider: 'gateway', outcome: 'sent' }]);
    expect(twilioApi.received).toHaveLength(0);
  });

  it.each([
    ['answers 500', async () => gateway.answer({ status: 500 }), () => gatewayProvider()],
    ['times out', async () => gateway.answer({ delayMs: 1000 }), () => gatewayProvider()],
    ['refuses connections', async () => undefined, async () => gatewayProvider(`http://127.0.0.1:${await closedPort()}/sms`)],
  ])('fails over to the next provider when the gateway %s', async (_label, arrange, makeGateway) => {
    await arrange();
    const { result, attempts } = await deliver([await makeGateway(), twilioProvider()]);

    expect(result).toEqual({ provider: 'twilio', messageIds: [expect.stringMatching(/^SM/)] });
    expect(attempts.map(({ provider, outcome, retryable }) => ({ provider, outcome, retryable }))).toEqual([
      { provider: 'gateway', outcome: 'failed', retryable: true },
      { provider: 'twilio', outcome: 'sent', retryable: undefined },
    ]);
    expect(attempts[0].error).toBeInstanceOf(SmsSendError);
    expect(new URLSearchParams(twilioApi.received[0].body).get('Body')).toBe(message.body);
  });

  it('stops at a permanent failure and reports it', async () => {
    gateway.answer({ status: 400, body: 'invalid number' });
    const { error, attempts } = await deliver([gatewayProvider(), twilioProvider()]);

    expect(error).toBeInstanceOf(SmsSendError);
    expect(error).toMatchObject({ provider: 'gateway', status: 400, retryable: false });
    expect(attempts).toHaveLength(1);
    expect(twilioApi.received).toHaveLength(0);
  });

  it('rejects with the last error when every provider fails', async () => {
    gateway.answer({ status: 503 });
    const { error, attempts } = await deliver([gatewayProvider(), twilioProvider()], INVALID_NUMBER);

    expect(error).toMatchObject({ provider: 'twilio', code: 21211, retryable: false });
    expect(attempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'failed']);
  });

  it('treats a provider rejecting with a plain error as a retryable failure', async () => {
    const broken: SmsProvider = { name: 'broken', send: () => Promise.reject(new Error('socket hang up')) };
    const { result, attempts } = await deliver([broken, gatewayProvider()]);

    expect(result).toEqual({ provider: 'gateway', messageIds: undefined });
    expect(attempts[0]).toMatchObject({ provider: 'broken', outcome: 'failed', retryable: true });
    expect(attempts[0].error).toBeInstanceOf(SmsSendError);
    expect(attempts[0].error?.message).toContain('socket hang up');
  });
});
