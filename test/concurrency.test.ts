import { backends } from './support/backends';
import { TwoInstances, wrongCode } from './support/twoInstances';

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
});
