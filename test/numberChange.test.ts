// Issue 16, changes of number: `changeMobile` asks for a recent code itself before it takes a new
// number (binding a new authenticator needs a fresh authentication), and a change that was never
// confirmed opens no `requireRecent` route.
import { InvalidOptionError, SmsOtpStrategy } from '../lib';
import { backends } from './support/backends';
import { alice, Outbox } from './support/testApp';
import { closeAllInstances, TwoInstances } from './support/twoInstances';
import { enrollingUsers, redirectOf, Visitor } from './support/visitors';

afterAll(() => closeAllInstances());

const NEW_NUMBER = '+1 555 555 0177';
const NEW_E164 = '+15555550177';
const OTHER_NUMBER = '+1 555 555 0188';
const OTHER_E164 = '+15555550188';
const ALICE_E164 = '+12015550123';
const MINUTE = 60_000;

describe.each(backends('numberChange'))('with the $name backend', (backend) => {
  afterAll(() => backend.close());

  /** Alice signed in with her code (at `signedInAt` on the pair's clock), in an app with enrollment on. */
  async function aliceSignedIn() {
    const { users, saved, enrollment } = enrollingUsers();
    const pair = new TwoInstances(await backend.open(), { enrollment, phoneValidation: 'possible' }, { users });
    const browser = new Visitor(pair);
    await browser.signIn(users[0]);
    return { pair, browser, users, saved, signedInAt: pair.now };
  }

  /** The texts sent since `from` (an index into the outbox), by recipient. */
  const recipientsSince = (pair: TwoInstances, from: number) => pair.outbox.messages.slice(from).map((message) => message.to);

  describe('a number change that was never confirmed', () => {
    it.each([
      ['10 minutes', 10 * MINUTE],
      ['2 hours', 120 * MINUTE],
      ['7 days', 7 * 24 * 60 * MINUTE],
    ])('opens no requireRecent route %s after sign-in', async (_, later) => {
      const { pair, browser, signedInAt } = await aliceSignedIn();
      pair.now += MINUTE;
      const texts = pair.outbox.messages.length;
      expect(redirectOf(await browser.send(pair.a, 'post', '/account/mobile', { mobile: NEW_NUMBER }))).toEqual({ status: 303, location: '/account/mobile' });
      expect(recipientsSince(pair, texts)).toEqual([NEW_E164]);

      pair.now = signedInAt + later;
      const payout = await browser.send(pair.b, 'post', '/payout', { amount: '10' });
      expect(payout.text).not.toBe('paid');
      expect(redirectOf(payout)).toEqual({ status: 303, location: '/login/sms' });
    });
  });

  describe('changeMobile without a recent code', () => {
    it('runs a step-up to the number on file before it shows the number form or takes a number, then changes the number', async () => {
      const { pair, browser, users, saved } = await aliceSignedIn();
      pair.now += 60 * MINUTE;
      const form = await browser.send(pair.a, 'get', '/account/mobile');
      expect(redirectOf(form)).toEqual({ status: 303, location: '/login/sms' });
      expect(form.text).not.toContain('Change your mobile number');

      const texts = pair.outbox.messages.length;
      const posted = await browser.send(pair.b, 'post', '/account/mobile', { mobile: NEW_NUMBER });
      expect(recipientsSince(pair, texts)).toEqual([]);
      expect(redirectOf(posted)).toEqual({ status: 303, location: '/login/sms' });

      expect((await browser.send(pair.a, 'get', '/login/sms')).status).toBe(200);
      expect(recipientsSince(pair, texts)).toEqual([ALICE_E164]);
      const stepUp = await browser.send(pair.b, 'post', '/login/sms', { code: pair.outbox.latestCode() });
      expect(redirectOf(stepUp)).toEqual({ status: 303, location: '/account/mobile' });

      const numberForm = await browser.send(pair.a, 'get', '/account/mobile');
      expect(numberForm.status).toBe(200);
      expect(numberForm.text).toContain('Change your mobile number');
      expect(redirectOf(await browser.send(pair.b, 'post', '/account/mobile', { mobile: NEW_NUMBER }))).toEqual({ status: 303, location: '/account/mobile' });
      expect(recipientsSince(pair, texts)).toEqual([ALICE_E164, NEW_E164]);
      const changed = await browser.send(pair.a, 'post', '/account/mobile', { code: pair.outbox.latestCode() });
      expect(redirectOf(changed)).toEqual({ status: 303, location: '/account' });
      expect(saved).toEqual([{ userId: 'u1', mobile: NEW_E164 }]);
      expect(users[0].mobile).toBe(NEW_E164);
      expect(pair.outbox.messages.slice(texts)).toContainEqual({ to: ALICE_E164, body: 'The mobile number for Acme was changed. If this was not you, contact support.' });
      expect(await browser.signedInAs()).toBe('alice');
    });

    it('takes no number posted straight to the page an hour after sign-in', async () => {
      const { pair, browser, users, saved } = await aliceSignedIn();
      pair.now += 60 * MINUTE;
      const texts = pair.outbox.messages.length;
      const posted = await browser.send(pair.a, 'post', '/account/mobile', { mobile: NEW_NUMBER });
      expect(recipientsSince(pair, texts)).toEqual([]);
      expect(redirectOf(posted)).toEqual({ status: 303, location: '/login/sms' });
      expect(saved).toEqual([]);
      expect(users[0].mobile).toBe(alice.mobile);
    });

    it('counts a sign-in through a remembered device as no recent code', async () => {
      const { users, saved, enrollment } = enrollingUsers();
      const pair = new TwoInstances(await backend.open(), { enrollment, phoneValidation: 'possible', rememberDevice: {} }, { users });
      const browser = new Visitor(pair);
      await browser.passFirstFactor(users[0]);
      expect((await browser.send(pair.a, 'post', '/login/sms', { code: pair.outbox.latestCode(), remember: '1' })).headers.location).toBe('/account');
      await browser.send(pair.a, 'post', '/logout');
      const texts = pair.outbox.messages.length;
      expect(redirectOf(await browser.send(pair.b, 'post', '/login', { username: 'alice', password: alice.password }))).toEqual({ status: 303, location: '/account' });
      expect(await browser.signedInAs()).toBe('alice');

      expect(redirectOf(await browser.send(pair.a, 'get', '/account/mobile'))).toEqual({ status: 303, location: '/login/sms' });
      expect(redirectOf(await browser.send(pair.b, 'post', '/account/mobile', { mobile: NEW_NUMBER }))).toEqual({ status: 303, location: '/login/sms' });
      expect(recipientsSince(pair, texts)).toEqual([]);
      expect(saved).toEqual([]);
    });

    it('asks for a fresh code when a pending change goes back to its number form after maxAgeSeconds', async () => {
      const { pair, browser, saved } = await aliceSignedIn();
      pair.now += 4 * MINUTE;
      expect(redirectOf(await browser.send(pair.a, 'post', '/account/mobile', { mobile: NEW_NUMBER }))).toEqual({ status: 303, location: '/account/mobile' });
      pair.now += 2 * MINUTE;
      await browser.send(pair.b, 'post', '/account/mobile', { changeMobile: '1' });
      const texts = pair.outbox.messages.length;
      const posted = await browser.send(pair.a, 'post', '/account/mobile', { mobile: OTHER_NUMBER });
      expect(recipientsSince(pair, texts)).toEqual([]);
      expect(redirectOf(posted)).toEqual({ status: 303, location: '/login/sms' });
      expect(saved).toEqual([]);
      expect(pair.outbox.messages.map((message) => message.to)).not.toContain(OTHER_E164);
    });
  });

  describe('a change started with a recent code', () => {
    it('goes on to its end: its code, posted after maxAgeSeconds, still saves the number', async () => {
      const { pair, browser, users, saved } = await aliceSignedIn();
      pair.now += 4 * MINUTE;
      expect((await browser.send(pair.a, 'get', '/account/mobile')).status).toBe(200);
      expect(redirectOf(await browser.send(pair.b, 'post', '/account/mobile', { mobile: NEW_NUMBER }))).toEqual({ status: 303, location: '/account/mobile' });
      expect(pair.outbox.messages.at(-1)?.to).toBe(NEW_E164);
      pair.now += 2 * MINUTE;
      expect((await browser.send(pair.a, 'get', '/account/mobile')).text).toContain('•••••••0177');
      const changed = await browser.send(pair.b, 'post', '/account/mobile', { code: pair.outbox.latestCode() });
      expect(redirectOf(changed)).toEqual({ status: 303, location: '/account' });
      expect(saved).toEqual([{ userId: 'u1', mobile: NEW_E164 }]);
      expect(users[0].mobile).toBe(NEW_E164);
    });
  });
});

describe('changeMobile options', () => {
  const strategy = new SmsOtpStrategy({ secret: 'a-secret-of-sixteen+', provider: new Outbox().provider(), enrollment: { saveMobile: () => undefined } });
  // Built apart from the call, so that these compile against the options type before and after issue 16.
  const changeMobile = (options: { maxAgeSeconds?: number; redirectTo?: string }) => () => {
    const given = { successRedirect: '/account', ...options };
    return strategy.changeMobile(given);
  };

  it('take maxAgeSeconds from 30 to 86400 and a redirectTo', () => {
    expect(changeMobile({ maxAgeSeconds: 30 })).not.toThrow();
    expect(changeMobile({ maxAgeSeconds: 86_400, redirectTo: '/login/sms' })).not.toThrow();
  });

  it.each([29, 86_401, 300.5])('refuse maxAgeSeconds %p, naming changeMobile.maxAgeSeconds', (maxAgeSeconds) => {
    expect(changeMobile({ maxAgeSeconds })).toThrow(InvalidOptionError);
    expect(changeMobile({ maxAgeSeconds })).toThrow('Option "changeMobile.maxAgeSeconds" must be an integer from 30 to 86400');
  });
});
