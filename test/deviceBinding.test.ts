import request from 'supertest';
import type { SmsOtpOptions } from '../lib';
import { backends, type SharedState } from './support/backends';
import { listen, type ListeningApp } from './support/rawHttp';
import { alice, createTestApp, Outbox, passFirstFactor } from './support/testApp';

const DAY = 86_400_000;

/** The device cookie a response sets, as a `Cookie` header value. */
function deviceCookieOf(response: request.Response): string {
  const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((candidate) => candidate.startsWith('sms_otp_device='));
  if (!cookie) throw new Error('no device cookie was set');
  return cookie.split(';')[0];
}

const servers: ListeningApp[] = [];
afterAll(() => Promise.all(servers.map((server) => server.close())));

describe.each(backends('deviceBinding'))('a remembered device, with the $name backend', (backend) => {
  afterAll(() => backend.close());

  /** One strategy of an app sharing the store, the secret and the default device cookie name with the others; listening on a port of its own. */
  async function strategyApp(state: SharedState, clock: { now: number }, outbox: Outbox, strategy: SmsOtpOptions) {
    const { app } = createTestApp({ outbox, sessionStore: state.sessionStore, strategy: { store: state.otpStore, clock: () => clock.now, ...strategy } });
    const server = await listen(app);
    servers.push(server);
    return server.url;
  }

  /** Signs alice in with her code, ticking "remember this device"; the device cookie it set. */
  async function rememberAlice(url: string, outbox: Outbox): Promise<string> {
    const agent = request.agent(url);
    expect((await passFirstFactor(agent, alice)).status).toBe(200);
    const verified = await agent.post('/login/sms').type('form').send({ code: outbox.latestCode(), remember: '1' }).expect(302).expect('Location', '/account');
    return deviceCookieOf(verified);
  }

  /** Where alice's password step leads on this app with the device cookie: `/account` (trusted) or the prompt. */
  async function passwordWithDevice(url: string, device: string): Promise<string | undefined> {
    const response = await request(url).post('/login').set('Cookie', device).type('form').send({ username: alice.username, password: alice.password });
    expect(response.status).toBe(303);
    return response.headers.location;
  }

  it('is trusted only by the strategy that remembered it, not by another sharing the store and the cookie', async () => {
    const state = await backend.open();
    const clock = { now: Date.now() };
    const outbox = new Outbox();
    const user = await strategyApp(state, clock, outbox, { name: 'sms-otp', rememberDevice: { days: 365 } });
    const admin = await strategyApp(state, clock, outbox, { name: 'sms-otp-admin', rememberDevice: { days: 1 } });
    const device = await rememberAlice(user, outbox);
    clock.now += 30 * DAY;
    expect(await passwordWithDevice(user, device)).toBe('/account');
    const texts = outbox.messages.length;
    expect(await passwordWithDevice(admin, device)).toBe('/login/sms');
    expect(outbox.messages).toHaveLength(texts);
  });

  it('is trusted only within the days its strategy is configured with now, counted from when it was remembered', async () => {
    const state = await backend.open();
    const clock = { now: Date.now() };
    const outbox = new Outbox();
    const before = await strategyApp(state, clock, outbox, { rememberDevice: { days: 365 } });
    const old = await rememberAlice(before, outbox);
    clock.now += 1.5 * DAY;
    const recent = await rememberAlice(before, outbox);
    clock.now += 0.5 * DAY;
    // The same strategy, restarted with fewer days: a device of 2 days is refused, one of 12 hours is not.
    const after = await strategyApp(state, clock, outbox, { rememberDevice: { days: 1 } });
    expect(await passwordWithDevice(after, recent)).toBe('/account');
    expect(await passwordWithDevice(after, old)).toBe('/login/sms');
    expect(await passwordWithDevice(before, old)).toBe('/login/sms');
  });
});
