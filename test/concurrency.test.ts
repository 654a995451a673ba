import { backends } from './support/backends';
import { closeAllInstances, TwoInstances, wrongCode } from './support/twoInstances';

afterAll(() => closeAllInstances());

describe.each(backends('concurrency'))('with the $name backend, across two app instances', (backend) => {
  afterAll(() => backend.close());

  it('verifies through instance B a code sent through instance A', async () => {
    const pair = new TwoInstances(await backend.open());
    expect((await pair.passFirstFactor()).status).toBe(200);
    const verified = await pair.send(pair.b, 'post', '/login/sms', { code: pair.outbox.latestCode() });
    expect(verified.status).toBe(302);
    expect(verified.headers.location).toBe('/account');
    expect((await pair.send(pair.a, 'get', '/account')).text).toBe('signed in as alice');
  });

  it('leaves the code dead after maxAttempts wrong guesses, of 30 in parallel split across instances', async () => {
    const pair = new TwoInstances(await backend.open(), { maxAttempts: 3 });
    await pair.passFirstFactor();
    const code = pair.outbox.latestCode();
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => pair.send(i % 2 === 0 ? pair.a : pair.b, 'post', '/login/sms', { code: wrongCode(code) })),
    );
    expect(guesses.every((guess) => guess.status !== 302)).toBe(true);
    expect(pair.eventsOf('failed', 'wrong_code')).toHaveLength(2);
    expect(pair.eventsOf('locked', 'max_attempts')).toHaveLength(1);

    const right = await pair.send(pair.b, 'post', '/login/sms', { code });
    expect(right.status).toBe(401);
    expect(right.text).not.toContain('/account');
    expect((await pair.send(pair.a, 'get', '/whoami')).body.authenticated).toBe(false);
  });

  it('signs in exactly once when the right code comes 10 times in parallel', async () => {
    const pair = new TwoInstances(await backend.open());
    await pair.passFirstFactor();
    const code = pair.outbox.latestCode();
    const cookie = pair.cookie;
    const submissions = await Promise.all(
      Array.from({ length: 10 }, (_, i) => pair.send(i % 2 === 0 ? pair.a : pair.b, 'post', '/login/sms', { code })),
    );
    expect(submissions.filter((submission) => submission.status === 302)).toHaveLength(1);
    expect(pair.eventsOf('verified')).toHaveLength(1);
    expect(pair.cookie).not.toBe(cookie);
  });

  it('sends one SMS when 10 resends come in parallel after the cooldown', async () => {
    const pair = new TwoInstances(await backend.open(), { resendCooldownSeconds: 30 });
    await pair.passFirstFactor();
    expect(pair.outbox.messages).toHaveLength(1);
    pair.now += 31_000;
    const resends = await Promise.all(
      Array.from({ length: 10 }, (_, i) => pair.send(i % 2 === 0 ? pair.a : pair.b, 'post', '/login/sms', { resend: '1' })),
    );
    expect(resends.filter((resend) => resend.status === 303)).toHaveLength(1);
    expect(resends.filter((resend) => resend.status === 429)).toHaveLength(9);
    expect(pair.outbox.messages).toHaveLength(2);
    const verified = await pair.send(pair.b, 'post', '/login/sms', { code: pair.outbox.latestCode() });
    expect(verified.status).toBe(302);
  });

  it('compares at most maxFailures of 48 parallel wrong guesses across 4 sign-ins of one user and both instances, then locks the user', async () => {
    const pair = new TwoInstances(await backend.open(), { maxAttempts: 5, lockout: { maxFailures: 10 } });
    const signIns: { cookie: string; code: string }[] = [];
    for (let i = 0; i < 4; i += 1) {
      pair.cookie = '';
      expect((await pair.passFirstFactor()).status).toBe(200);
      signIns.push({ cookie: pair.cookie, code: pair.outbox.latestCode() });
    }
    const guesses = await Promise.all(
      Array.from({ length: 48 }, (_, i) => {
        const signIn = signIns[i % 4];
        return pair.send(i % 2 === 0 ? pair.a : pair.b, 'post', '/login/sms', { code: wrongCode(signIn.code) }, signIn.cookie);
      }),
    );
    const compared = pair.eventsOf('failed', 'wrong_code').length + pair.eventsOf('locked', 'max_attempts').length;
    expect(compared).toBe(10);
    expect(pair.eventsOf('locked', 'lockout')).toHaveLength(1);
    expect(guesses.filter((guess) => guess.status === 423)).toHaveLength(48 - 9);
    expect(pair.eventsOf('failed', 'locked_out')).toHaveLength(48 - 10);

    // Locked: the right code is refused, and a new sign-in gets 423 and no SMS.
    const right = await pair.send(pair.a, 'post', '/login/sms', { code: signIns[0].code }, signIns[0].cookie);
    expect(right.status).toBe(423);
    const texts = pair.outbox.messages.length;
    pair.cookie = '';
    const again = await pair.passFirstFactor();
    expect(again.status).toBe(423);
    expect(pair.outbox.messages).toHaveLength(texts);
    expect(pair.eventsOf('locked', 'lockout')).toHaveLength(1);
  });

  it('never brings back a sign-in that ended: the pre-success cookie of a double submit gets no SMS and no sign-in', async () => {
    for (let trial = 0; trial < 5; trial += 1) {
      const pair = new TwoInstances(await backend.open());
      await pair.passFirstFactor();
      const code = pair.outbox.latestCode();
      const before = pair.cookie;
      const submits = await Promise.all([pair.a, pair.b].map((app) => pair.send(app, 'post', '/login/sms', { code }, before)));
      expect(submits.filter((submit) => submit.status === 302 && submit.headers.location === '/account')).toHaveLength(1);
      expect(pair.eventsOf('verified')).toHaveLength(1);

      const texts = pair.outbox.messages.length;
      const prompt = await pair.send(pair.a, 'get', '/login/sms', undefined, before);
      expect(prompt.status).toBe(303);
      expect(prompt.headers.location).toBe('/login');
      expect((await pair.send(pair.b, 'post', '/login/sms', { resend: '1' }, before)).headers.location).not.toBe('/account');
      expect((await pair.send(pair.b, 'post', '/login/sms', { code }, before)).headers.location).not.toBe('/account');
      expect(pair.outbox.messages).toHaveLength(texts);
      expect((await pair.send(pair.a, 'get', '/whoami', undefined, before)).body.authenticated).toBe(false);
    }
  });
});
