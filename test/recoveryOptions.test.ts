import { ConsoleProvider, InvalidOptionError, MemoryOtpStore, SmsOtpStrategy, type SmsOtpOptions } from '../lib';
import { storeWithout } from './support/coreOnlyStore';
import { resolveRecoveryCodes } from '../lib/recovery/RecoveryCodesOptions';
import { RecoveryBook } from './support/recoveryBook';

const provider = new ConsoleProvider({ write: () => undefined });
const build = (options: SmsOtpOptions) => () => new SmsOtpStrategy({ provider, secret: 'a-secret-of-enough-length', logger: false, ...options });
const recoveryCodes = () => new RecoveryBook().options();

describe('lockout.maxConsecutiveFailures', () => {
  it.each([
    [{ maxConsecutiveFailures: 9 }, 'an integer from 10 to 100; got 9'],
    [{ maxConsecutiveFailures: 101 }, 'an integer from 10 to 100; got 101'],
    [{ maxConsecutiveFailures: 50.5 }, 'an integer from 10 to 100; got 50.5'],
    [{ maxFailures: 20, maxConsecutiveFailures: 15 }, 'an integer from 20 to 100; got 15'],
  ])('refuses %p: at least 10 and lockout.maxFailures, at most 100 (NIST)', (lockout, expected) => {
    expect(build({ lockout })).toThrow(InvalidOptionError);
    expect(build({ lockout })).toThrow(`Option "lockout.maxConsecutiveFailures" must be ${expected}.`);
  });

  it('takes one equal to lockout.maxFailures', () => {
    expect(build({ lockout: { maxFailures: 30, maxConsecutiveFailures: 30 } })).not.toThrow();
  });
});

describe('recoveryCodes', () => {
  it.each([
    ['recoveryCodes', 'yes', 'an object of options; got a string'],
    ['recoveryCodes.save', { ...recoveryCodes(), save: undefined }, 'a function (user, hashes, req) that replaces the user’s recovery codes'],
    ['recoveryCodes.consume', { ...recoveryCodes(), consume: 'DELETE' }, 'a function (user, hash, req) that removes one code and answers whether it was there'],
    ['recoveryCodes.count', { ...recoveryCodes(), count: 10 }, 'a function (user, req) that answers how many codes are left'],
    ['recoveryCodes.size', { ...recoveryCodes(), size: 4 }, 'an integer from 5 to 20; got 4'],
    ['recoveryCodes.size', { ...recoveryCodes(), size: 21 }, 'an integer from 5 to 20; got 21'],
    ['recoveryCodes.maxFailures', { ...recoveryCodes(), maxFailures: 0 }, 'an integer from 1 to 100; got 0'],
    ['recoveryCodes.windowSeconds', { ...recoveryCodes(), windowSeconds: 59 }, 'an integer from 60 to 86400; got 59'],
  ])('refuses %s with a message naming it', (option, value, expected) => {
    const attempt = build({ recoveryCodes: value as SmsOtpOptions['recoveryCodes'] });
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(`Option "${option}" must be ${expected}`);
  });

  it('refuses an unknown key of recoveryCodes, suggesting the near one', () => {
    expect(build({ recoveryCodes: { ...recoveryCodes(), sizes: 10 } as SmsOtpOptions['recoveryCodes'] })).toThrow('Unknown option "recoveryCodes.sizes": did you mean "recoveryCodes.size"?');
  });

  it('needs a store with the recovery methods only when recoveryCodes is set', () => {
    const withoutRecovery = storeWithout(new MemoryOtpStore(), ['recoveryCodes']);
    expect(build({ store: withoutRecovery })).not.toThrow();
    expect(build({ store: withoutRecovery, recoveryCodes: recoveryCodes() })).toThrow(
      'Option "store" lacks recoveryCodes\'s methods recoveryCodeUsed, takeRecoveryAttempt: with the recoveryCodes option set, the store must have recoveryCodeUsed, takeRecoveryAttempt',
    );
    expect(build({ store: new MemoryOtpStore(), recoveryCodes: recoveryCodes() })).not.toThrow();
  });

  it('makes strategy.recoveryCodes() need the option and a successRedirect path', () => {
    const without = build({})();
    expect(() => without.recoveryCodes({ successRedirect: '/account' })).toThrow('Option "recoveryCodes" must be set (with save, consume and count) to use recoveryCodes().');
    const strategy = build({ recoveryCodes: recoveryCodes() })();
    expect(() => strategy.recoveryCodes({ successRedirect: 'https://evil.example/' })).toThrow('Option "recoveryCodes().successRedirect" must be a path of this site');
    expect(() => strategy.recoveryCodes({ successRedirect: '/account', maxAgeSeconds: 10 })).toThrow('Option "recoveryCodes().maxAgeSeconds" must be an integer from 30 to 86400; got 10.');
    expect(() => strategy.recoveryCodes({ successRedirect: '/account' })).not.toThrow();
  });
});

describe('recoveryCodes.count', () => {
  it.each([
    [3, 3],
    ['3', 3],
    ['0', 0],
    [-1, 0],
    [2.5, 0],
    ['3 codes', 0],
    [undefined, 0],
  ])('reads %p as %p codes left', async (answer, left) => {
    const settings = resolveRecoveryCodes({ ...new RecoveryBook().options(), count: () => answer as number }, 'a-secret-of-enough-length');
    expect(await settings?.count({}, undefined)).toBe(left);
  });
});
