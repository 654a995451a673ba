import type { SmsOtpOptions } from '../lib';
import { backends, type SharedState } from './support/backends';
import { ReceiptGateway } from './support/receiptProvider';
import { closeAllInstances, TwoInstances } from './support/twoInstances';
import { shownView, VIEW_JSON } from './support/viewJson';

afterAll(() => closeAllInstances());

const RECEIPTS = '/sms-otp/receipts/gateway';

/** Two instances texting through a gateway with receipts (of `parts` parts a message), the browser signed in with the password. */
async function withReceipts(state: SharedState, parts = 1, strategy: SmsOtpOptions = {}) {
  const gateway = new ReceiptGateway({ parts });
  const pair = new TwoInstances(state, { view: VIEW_JSON, ...strategy }, { provider: gateway });
  const first = shownView(await pair.passFirstFactor());
  return { pair, gateway, first };
}

describe.each(backends('deliveryReceipts'))('delivery receipts, with the $name backend across two instances', (backend) => {
  afterAll(() => backend.close());

  it('shows a delivered text on the prompt and to its script, and reports the latency', async () => {
    const { pair, gateway, first } = await withReceipts(await backend.open());
    // The first page, drawn right after the send, shows the tracked text already.
    expect(first.delivery).toBe('accepted');
    expect(shownView(await pair.send(pair.a, 'get', '/login/sms')).delivery).toBe('accepted');
    expect((await pair.poll(pair.b)).body).toEqual({ delivery: 'accepted', canCall: false });
    pair.now += 4000;
    const { form, headers } = gateway.receipt(gateway.latest().messageIds[0], 'delivered');
    expect((await pair.webhook(pair.b, RECEIPTS, form, headers)).status).toBe(204);
    expect(shownView(await pair.send(pair.a, 'get', '/login/sms'))).toMatchObject({ delivery: 'delivered', resendWaitSeconds: 26 });
    expect((await pair.poll(pair.a)).body).toEqual({ delivery: 'delivered', canCall: false });
    expect(pair.eventsOf('delivered').map((event) => [event.provider, event.channel, event.latencyMs, event.purpose])).toEqual([['gateway', 'sms', 4000, 'sign_in']]);
  });

  it('says plainly that a text failed, and sends a new one at once, the cooldown waived by the signed receipt only', async () => {
    const { pair, gateway } = await withReceipts(await backend.open(), 1, { resendCooldownSeconds: 60 });
    expect((await pair.send(pair.a, 'post', '/login/sms', { resend: '1' })).status).toBe(429);
    const { form, headers } = gateway.receipt(gateway.latest().messageIds[0], 'failed', '30003');
    expect((await pair.webhook(pair.a, RECEIPTS, form, headers)).status).toBe(204);
    const prompt = shownView(await pair.send(pair.b, 'get', '/login/sms'));
    expect(prompt).toMatchObject({ delivery: 'failed', notice: 'We could not deliver the text to •••••••0123.', resendWaitSeconds: 0 });
    expect(pair.eventsOf('delivery_failed').map((event) => [event.code, event.retryable])).toEqual([['30003', true]]);
    const texts = gateway.taken.length;
    expect((await pair.send(pair.b, 'post', '/login/sms', { resend: '1' })).status).toBe(303);
    expect(gateway.taken).toHaveLength(texts + 1);
    // The new code's text has no receipt yet, and the next resend waits again.
    expect(shownView(await pair.send(pair.a, 'get', '/login/sms')).delivery).toBe('accepted');
    expect((await pair.send(pair.a, 'post', '/login/sms', { resend: '1' })).status).toBe(429);
    expect((await pair.send(pair.a, 'post', '/login/sms', { code: pair.outbox.codeIn(gateway.latest().body) })).headers.location).toBe('/account');
  });

  it('keeps a multi-part text failed when one part failed, whatever the order of the receipts', async () => {
    const { pair, gateway } = await withReceipts(await backend.open(), 3);
    const [first, second, third] = gateway.latest().messageIds;
    for (const [id, state] of [[first, 'delivered'], [second, 'failed'], [third, 'delivered']] as const) {
      const { form, headers } = gateway.receipt(id, state, state === 'failed' ? '30008' : '');
      expect((await pair.webhook(pair.a, RECEIPTS, form, headers)).status).toBe(204);
    }
    expect(shownView(await pair.send(pair.a, 'get', '/login/sms')).delivery).toBe('failed');
    expect(pair.eventsOf('delivery_failed')).toHaveLength(1);
    expect(pair.eventsOf('delivered')).toHaveLength(0);
  });

  it('refuses an unsigned or wrongly signed receipt (403), a signed one for an unknown id (404), and changes nothing', async () => {
    const { pair, gateway } = await withReceipts(await backend.open());
    const id = gateway.latest().messageIds[0];
    const { form, headers } = gateway.receipt(id, 'failed', '30003');
    expect((await pair.webhook(pair.a, RECEIPTS, form)).status).toBe(403);
    expect((await pair.webhook(pair.a, RECEIPTS, form, { 'x-receipt-signature': '0'.repeat(64) })).status).toBe(403);
    expect((await pair.webhook(pair.a, RECEIPTS, { ...form, state: 'delivered' }, headers)).status).toBe(403);
    const stranger = gateway.receipt('an-id-nobody-sent', 'failed', '30003');
    expect((await pair.webhook(pair.a, RECEIPTS, stranger.form, stranger.headers)).status).toBe(404);
    const prompt = shownView(await pair.send(pair.a, 'get', '/login/sms'));
    expect(prompt.delivery).toBe('accepted');
    expect(prompt.notice).toBeUndefined();
    expect(pair.eventsOf('delivery_failed')).toHaveLength(0);
    expect((await pair.send(pair.a, 'get', '/whoami')).body.authenticated).toBe(false);
  });

  it('changes nothing with a receipt that comes after its sign-in ended, or for the code a resend replaced', async () => {
    const { pair, gateway } = await withReceipts(await backend.open());
    const firstId = gateway.latest().messageIds[0];
    pair.now += 31_000;
    await pair.send(pair.a, 'post', '/login/sms', { resend: '1' });
    const late = gateway.receipt(firstId, 'failed', '30003');
    expect((await pair.webhook(pair.a, RECEIPTS, late.form, late.headers)).status).toBe(204);
    expect(shownView(await pair.send(pair.a, 'get', '/login/sms')).delivery).toBe('accepted');
    const code = pair.outbox.codeIn(gateway.latest().body);
    expect((await pair.send(pair.b, 'post', '/login/sms', { code })).headers.location).toBe('/account');
    const afterEnd = gateway.receipt(gateway.latest().messageIds[0], 'failed', '30003');
    expect((await pair.webhook(pair.b, RECEIPTS, afterEnd.form, afterEnd.headers)).status).toBe(204);
    expect(pair.eventsOf('delivery_failed')).toHaveLength(0);
  });

  it('answers the script without sending or counting anything', async () => {
    const { pair, gateway } = await withReceipts(await backend.open());
    const texts = gateway.taken.length;
    for (let i = 0; i < 3; i += 1) expect((await pair.poll(pair.a)).headers['cache-control']).toBe('no-store');
    expect(gateway.taken).toHaveLength(texts);
    expect(shownView(await pair.send(pair.a, 'get', '/login/sms')).attemptsLeft).toBe(5);
  });
});
