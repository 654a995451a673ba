import type { SmsOtpOptions } from '../lib';
import { backends, memoryBackend } from './support/backends';
import { RecoveryBook } from './support/recoveryBook';
import { recordingLogger } from './support/recordingLogger';
import { alice } from './support/testApp';
import { closeAllInstances, TwoInstances, wrongCode } from './support/twoInstances';
import { shownView, VIEW_JSON } from './support/viewJson';

afterAll(() => closeAllInstances());

const DAY = 86_400_000;

/** How many wrong codes were compared: each is a `failed` wrong_code, or the `locked` max_attempts of a code's last attempt. */
function comparedWrongCodes(pair: TwoInstances): number {
  return pair.eventsOf('failed', 'wrong_code').length + pair.eventsOf('locked', 'max_attempts').length;
}

/** `count` wrong codes at the code out now (each on its own request, alternating instances), stopping at a refusal of the lock or hold. */
async function guessWrong(pair: TwoInstances, count: number): Promise<void> {
  const code = pair.outbox.latestCode();
  for (let i = 0; i < count; i += 1) {
    const answer = await pair.send(i % 2 ? pair.b : pair.a, 'post', '/login/sms', { code: wrongCode(code) });
    if (answer.status === 423) return;
  }
}

/**
 * An attacker who has the password: a new sign-in whenever one can send a code, every attempt of
 * each code guessed wrong, and otherwise a wait that doubles (so locks and quotas pass) until `days` are over.
 */
async function attack(pair: TwoInstances, days: number): Promise<void> {
  const end = pair.now + days * DAY;
  let wait = 60_000;
  while (pair.now < end) {
    const texts = pair.outbox.messages.length;
    await pair.passFirstFactor();
    if (pair.outbox.messages.length > texts) {
      await guessWrong(pair, 5);
      wait = 60_000;
    } else {
      pair.now += wait;
      wait = Math.min(wait * 2, DAY);
    }
  }
}

describe.each(backends('hold'))('the hold, with the $name backend across two instances', (backend) => {
  afterAll(() => backend.close());

  it('lets an attacker compare at most maxConsecutiveFailures (100) wrong codes over 30 simulated days, then holds the user: no text, no comparison', async () => {
    const pair = new TwoInstances(await backend.open(), { view: VIEW_JSON });
    await attack(pair, 30);
    expect(comparedWrongCodes(pair)).toBe(100);
    expect(pair.eventsOf('locked', 'held')).toHaveLength(1);
    // Locks doubled on the way: 9 of them (at 10, 20, … 90 failures) before the hold.
    expect(pair.eventsOf('locked', 'lockout')).toHaveLength(9);
    const texts = pair.outbox.messages.length;
    const held = shownView(await pair.passFirstFactor());
    expect(held).toMatchObject({ state: 'held', status: 423 });
    expect(pair.outbox.messages).toHaveLength(texts);
    // The last code sent is not compared, even when right.
    expect((await pair.send(pair.b, 'post', '/login/sms', { code: pair.outbox.latestCode() })).status).toBe(423);
    expect((await pair.send(pair.b, 'post', '/login/sms', { resend: '1' })).status).toBe(423);
    expect(pair.outbox.messages).toHaveLength(texts);
    expect(comparedWrongCodes(pair)).toBe(100);
    expect((await pair.send(pair.a, 'get', '/whoami')).body.authenticated).toBe(false);

    // The app's unlock releases the hold: texts and codes work again, and the count starts over.
    expect((await pair.send(pair.a, 'post', `/unlock/${alice.id}`)).status).toBe(204);
    expect(pair.eventsOf('unlocked').map((event) => [event.purpose, event.reason])).toEqual([['account', 'hold']]);
    await pair.send(pair.a, 'post', '/logout');
    expect(shownView(await pair.passFirstFactor()).state).toBe('prompt');
    expect(pair.outbox.messages).toHaveLength(texts + 1);
    expect((await pair.send(pair.b, 'post', '/login/sms', { code: pair.outbox.latestCode() })).headers.location).toBe('/account');
  });

  it('starts the consecutive count over with a right code, never with a new sign-in, a resend or time', async () => {
    const options: SmsOtpOptions = { view: VIEW_JSON, lockout: { maxFailures: 6, durationSeconds: 60, failureWindowSeconds: 60, maxConsecutiveFailures: 10 }, resendCooldownSeconds: 30 };
    const counted = new TwoInstances(await backend.open(), options);
    await counted.passFirstFactor();
    await guessWrong(counted, 4);
    counted.now += 31_000;
    await counted.send(counted.a, 'post', '/login/sms', { resend: '1' });
    await guessWrong(counted, 2);
    expect(counted.eventsOf('locked', 'lockout')).toHaveLength(1);
    // Past the lock and far past the failure window: a new sign-in, and the count goes on.
    counted.now += 7 * DAY;
    await counted.send(counted.a, 'post', '/logout');
    await counted.passFirstFactor();
    await guessWrong(counted, 3);
    expect(counted.eventsOf('locked', 'held')).toHaveLength(0);
    await guessWrong(counted, 1);
    expect(comparedWrongCodes(counted)).toBe(10);
    expect(counted.eventsOf('locked', 'held')).toHaveLength(1);

    const reset = new TwoInstances(await backend.open(), options);
    await reset.passFirstFactor();
    await guessWrong(reset, 5);
    reset.now += 61_000;
    await reset.send(reset.a, 'post', '/login/sms', { resend: '1' });
    await guessWrong(reset, 4);
    expect((await reset.send(reset.b, 'post', '/login/sms', { code: reset.outbox.latestCode() })).headers.location).toBe('/account');
    await reset.send(reset.a, 'post', '/logout');
    await reset.passFirstFactor();
    await guessWrong(reset, 5);
    reset.now += 61_000;
    await reset.send(reset.a, 'post', '/login/sms', { resend: '1' });
    await guessWrong(reset, 4);
    expect(reset.eventsOf('locked', 'held')).toHaveLength(0);
    await guessWrong(reset, 1);
    expect(reset.eventsOf('locked', 'held')).toHaveLength(1);
  });

  it('doubles each lock (the store contract checks the 24-hour cap), and a right code starts the doubling over', async () => {
    const pair = new TwoInstances(await backend.open(), { view: VIEW_JSON, maxAttempts: 2, lockout: { maxFailures: 2, durationSeconds: 600 } });
    const lockedFor: string[] = [];
    for (let lock = 0; lock < 3; lock += 1) {
      await pair.send(pair.a, 'post', '/logout');
      await pair.passFirstFactor();
      await guessWrong(pair, 2);
      lockedFor.push(shownView(await pair.send(pair.a, 'get', '/login/sms')).error ?? '');
      // A second before the lock ends, a new sign-in is still refused; a second later it is not.
      pair.now += 600_000 * 2 ** lock - 1000;
      await pair.send(pair.a, 'post', '/logout');
      expect(shownView(await pair.passFirstFactor()).status).toBe(423);
      pair.now += 1000;
    }
    expect(lockedFor).toEqual(['10 minutes', '20 minutes', '40 minutes'].map((wait) => `Too many wrong codes were entered, so text-message verification is locked for this account. Try again in ${wait}.`));
    await pair.send(pair.a, 'post', '/logout');
    await pair.passFirstFactor();
    await pair.send(pair.a, 'post', '/login/sms', { code: pair.outbox.latestCode() });
    await pair.send(pair.a, 'post', '/logout');
    await pair.passFirstFactor();
    await guessWrong(pair, 2);
    expect(shownView(await pair.send(pair.a, 'get', '/login/sms')).error).toContain('Try again in 10 minutes.');
  });

  it('lets a held user in with a recovery code, which releases the hold', async () => {
    const book = new RecoveryBook();
    book.seed(alice.id, ['KKKK-MMMM-NNNN-PPPP']);
    const pair = new TwoInstances(await backend.open(), { view: VIEW_JSON, recoveryCodes: book.options(), lockout: { maxFailures: 10, maxConsecutiveFailures: 10 } });
    await pair.passFirstFactor();
    await guessWrong(pair, 5);
    await pair.send(pair.a, 'post', '/logout');
    await pair.passFirstFactor();
    await guessWrong(pair, 5);
    const held = shownView(await pair.send(pair.a, 'get', '/login/sms'));
    expect(held).toMatchObject({ state: 'held', status: 423, recoveryUrl: '/login/sms?recovery' });
    expect(shownView(await pair.send(pair.b, 'get', '/login/sms?recovery')).codeUrl).toBeUndefined();
    expect((await pair.send(pair.b, 'post', '/login/sms?recovery', { recoveryCode: 'kkkkmmmmnnnnpppp' })).headers.location).toBe('/account');
    expect(pair.eventsOf('unlocked').map((event) => event.reason)).toEqual(['hold']);
    await pair.send(pair.a, 'post', '/logout');
    const texts = pair.outbox.messages.length;
    expect(shownView(await pair.passFirstFactor()).state).toBe('prompt');
    expect(pair.outbox.messages).toHaveLength(texts + 1);
  });
});

describe('the hold, reported', () => {
  const backend = memoryBackend();

  it('logs the hold once, at error level, and unlock of a user with nothing to release emits nothing', async () => {
    const { logger, lines } = recordingLogger();
    const pair = new TwoInstances(await backend.open(), { view: VIEW_JSON, logger, onEvent: undefined, lockout: { maxFailures: 10, maxConsecutiveFailures: 10 } });
    await pair.send(pair.a, 'post', `/unlock/${alice.id}`);
    expect(lines.filter((line) => line.message.includes('unlocked'))).toHaveLength(0);
    await pair.passFirstFactor();
    await guessWrong(pair, 5);
    await pair.send(pair.a, 'post', '/logout');
    await pair.passFirstFactor();
    await guessWrong(pair, 5);
    await pair.send(pair.a, 'post', '/login/sms', { code: '123456' });
    const errors = lines.filter((line) => line.level === 'error');
    expect(errors.map((line) => line.message)).toEqual(['sms-otp locked: too many wrong codes in a row: the user is held (no code is sent or compared) until a recovery code or unlock(user)']);
    expect(errors[0].fields).toMatchObject({ type: 'locked', reason: 'held', userKey: alice.id });
    await pair.send(pair.a, 'post', `/unlock/${alice.id}`);
    expect(lines.filter((line) => line.message.startsWith('sms-otp unlocked'))).toHaveLength(1);
  });
});
