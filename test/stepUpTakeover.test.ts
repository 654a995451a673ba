// Issue 16, the step-up takeover: with a stolen session cookie, the step-up's prompt took the
// enrollment field `mobile`, texted the code to the thief's number and saved that number once the
// code came back. A step-up accepts only `code` and `resend`, and its codes go to the number on file.
import { backends } from './support/backends';
import { alice } from './support/testApp';
import { closeAllInstances, TwoInstances, wrongCode } from './support/twoInstances';
import { enrollingUsers, redirectOf, REFUSED_ACTION, Visitor } from './support/visitors';

afterAll(() => closeAllInstances());

/** The thief's number (fictional, hence `phoneValidation: 'possible'`). */
const THIEF = '+1 555 555 0166';
const THIEF_E164 = '+15555550166';
const ALICE_E164 = '+12015550123';

describe.each(backends('stepUpTakeover'))('with the $name backend', (backend) => {
  afterAll(() => backend.close());

  /** Alice signed in with her code, an app with enrollment on, and her code now too old for `requireRecent`. */
  async function aliceSignedInLongAgo() {
    const { users, saved, enrollment } = enrollingUsers();
    const pair = new TwoInstances(
      await backend.open(),
      { enrollment, phoneValidation: 'possible' },
      { users, verifyOptions: { successRedirect: '/account', failureMessage: true } },
    );
    const thief = new Visitor(pair);
    await thief.signIn(users[0]);
    pair.now += 301_000;
    return { pair, thief, users, saved };
  }

  /** Nothing of alice's account changed: no saveMobile, her number, no enrollment or change event. */
  function expectAccountUntouched(context: Awaited<ReturnType<typeof aliceSignedInLongAgo>>) {
    expect(context.saved).toEqual([]);
    expect(context.users[0].mobile).toBe(alice.mobile);
    expect([...context.pair.eventsOf('enrolled'), ...context.pair.eventsOf('mobile_changed')]).toEqual([]);
  }

  it('refuses a number posted into a step-up, sending nothing, and no code then changes the number', async () => {
    const context = await aliceSignedInLongAgo();
    const { pair, thief } = context;
    expect(redirectOf(await thief.send(pair.a, 'get', '/security'))).toEqual({ status: 303, location: '/login/sms' });

    const texts = pair.outbox.messages.length;
    const posted = await thief.send(pair.a, 'post', '/login/sms', { mobile: THIEF });
    expect(pair.outbox.messages.slice(texts)).toEqual([]);
    expect(posted.status).toBe(400);
    expect(await thief.sessionMessages()).toContain(REFUSED_ACTION);

    const guessed = await thief.send(pair.a, 'post', '/login/sms', { code: '123456' });
    expect(guessed.headers.location).not.toBe('/security');
    expect(redirectOf(await thief.send(pair.a, 'get', '/security'))).toEqual({ status: 303, location: '/login/sms' });
    expectAccountUntouched(context);
    expect(pair.outbox.messages.map((message) => message.to)).not.toContain(THIEF_E164);
  });

  it('refuses the number when the step-up started on instance A and the number reaches instance B', async () => {
    const context = await aliceSignedInLongAgo();
    const { pair, thief } = context;
    expect(redirectOf(await thief.send(pair.a, 'get', '/security'))).toEqual({ status: 303, location: '/login/sms' });

    const texts = pair.outbox.messages.length;
    const posted = await thief.send(pair.b, 'post', '/login/sms', { mobile: THIEF });
    expect(pair.outbox.messages.slice(texts)).toEqual([]);
    expect(posted.status).toBe(400);

    const guessed = await thief.send(pair.b, 'post', '/login/sms', { code: '123456' });
    expect(guessed.headers.location).not.toBe('/security');
    expect((await thief.send(pair.a, 'get', '/security')).status).toBe(303);
    expectAccountUntouched(context);
    expect(pair.outbox.messages.map((message) => message.to)).not.toContain(THIEF_E164);
  });

  it('texts the step-up code to the number on file only, refuses a number posted after it, and still passes with that code', async () => {
    const context = await aliceSignedInLongAgo();
    const { pair, thief } = context;
    await thief.send(pair.a, 'get', '/security');
    const texts = pair.outbox.messages.length;
    expect((await thief.send(pair.b, 'get', '/login/sms')).status).toBe(200);
    expect(pair.outbox.messages.slice(texts).map((message) => message.to)).toEqual([ALICE_E164]);
    const aliceCode = pair.outbox.latestCode();

    // Past the resend cooldown, so that nothing but the rules stands between the number and a text.
    pair.now += 31_000;
    const posted = await thief.send(pair.a, 'post', '/login/sms', { mobile: THIEF });
    expect(pair.outbox.messages.slice(texts).map((message) => message.to)).toEqual([ALICE_E164]);
    expect(posted.status).toBe(400);

    const guessed = await thief.send(pair.b, 'post', '/login/sms', { code: wrongCode(aliceCode) });
    expect(guessed.headers.location).not.toBe('/security');
    expectAccountUntouched(context);

    // Only the code sent to alice's phone passes the step-up, and it changes nothing.
    const passed = await thief.send(pair.a, 'post', '/login/sms', { code: aliceCode });
    expect(redirectOf(passed)).toEqual({ status: 303, location: '/security' });
    expect((await thief.send(pair.b, 'get', '/security')).text).toBe('security settings');
    expectAccountUntouched(context);
    expect(pair.outbox.messages.map((message) => message.to)).not.toContain(THIEF_E164);
  });
});
