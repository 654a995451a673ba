// Issues 17, 19, 20 and 21: a store method a feature adds is required of a custom store only when that
// feature is configured (toll fraud is, unless tollFraud: false), and the strategy says which at construction.
import session from 'express-session';
import { ConsoleProvider, InvalidOptionError, SmsOtpStrategy, type SmsOtpOptions, type SmsProvider } from '../lib';
import { MemoryOtpStore, type OtpStore } from '../lib/store';
import { coreOnlyStore, storeWithout } from './support/coreOnlyStore';
import { closeAllInstances, TwoInstances } from './support/twoInstances';
import { enrollingUsers, redirectOf, Visitor } from './support/visitors';

afterAll(() => closeAllInstances());

/** The app's side of recovery codes, never called at construction. */
const recoveryCodes = { save: () => undefined, consume: () => false, count: () => 0 };

const strategyWith = (store: OtpStore, features: Pick<SmsOtpOptions, 'rememberDevice' | 'recoveryCodes' | 'tollFraud'> = { rememberDevice: {} }) => () =>
  new SmsOtpStrategy({ provider: new ConsoleProvider({ write: () => undefined }), secret: 'test-secret-with-enough-length', logger: false, store, ...features });

/** What the strategy says of a store without the toll-fraud methods while tollFraud is on. */
const TOLL_FRAUD_MISSING =
  `Option "store" lacks tollFraud's methods groupVerified, returnGroupSend, takeGroupSend: with the tollFraud option (on by default; tollFraud: false turns it off) set, ` +
  `the store must have groupVerified, returnGroupSend, takeGroupSend (see describeOtpStore in passport-sms-otp/store/testing).`;

describe('a store with the core methods only', () => {
  it('signs in, changes the number and forgets devices without the rememberDevice option, with tollFraud: false', async () => {
    const { users, saved, enrollment } = enrollingUsers();
    const pair = new TwoInstances({ otpStore: coreOnlyStore(new MemoryOtpStore()), sessionStore: new session.MemoryStore() }, { enrollment, phoneValidation: 'possible', tollFraud: false }, { users });
    const browser = new Visitor(pair);
    await browser.signIn(users[0]);
    expect(await browser.signedInAs()).toBe('alice');

    expect(redirectOf(await browser.send(pair.a, 'post', '/account/mobile', { mobile: '+1 555 555 0177' }))).toEqual({ status: 303, location: '/account/mobile' });
    expect(redirectOf(await browser.send(pair.b, 'post', '/account/mobile', { code: pair.outbox.latestCode() }))).toEqual({ status: 303, location: '/account' });
    expect(saved).toEqual([{ userId: 'u1', mobile: '+15555550177' }]);
    expect((await browser.send(pair.a, 'post', '/forget-devices')).status).toBe(204);
  });

  it('is refused with the rememberDevice option, naming the feature and every method it lacks', () => {
    const attempt = strategyWith(coreOnlyStore(new MemoryOtpStore()));
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(
      `Option "store" lacks rememberDevice's methods checkDevice, forgetDevices, rememberDevice: with the rememberDevice option set, the store must have checkDevice, forgetDevices, rememberDevice (see describeOtpStore in passport-sms-otp/store/testing).`,
    );
  });
});

describe('a store that lacks one method of rememberDevice', () => {
  it('is refused with the rememberDevice option, naming that method', () => {
    const inner = new MemoryOtpStore();
    const store: OtpStore = { ...coreOnlyStore(inner), rememberDevice: (request) => inner.rememberDevice(request), forgetDevices: (request) => inner.forgetDevices(request) };
    expect(strategyWith(store)).toThrow(`Option "store" lacks rememberDevice's methods checkDevice: with the rememberDevice option set`);
  });
});

describe('a store without the methods of recoveryCodes', () => {
  const withoutRecovery = () => storeWithout(new MemoryOtpStore(), ['recoveryCodes']);

  it('is taken without the recoveryCodes option', () => {
    expect(strategyWith(withoutRecovery())).not.toThrow();
    expect(strategyWith(coreOnlyStore(new MemoryOtpStore()), { tollFraud: false })).not.toThrow();
  });

  it('is refused with the recoveryCodes option, naming the feature and every method it lacks', () => {
    const attempt = strategyWith(withoutRecovery(), { rememberDevice: {}, recoveryCodes });
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(
      `Option "store" lacks recoveryCodes's methods recoveryCodeUsed, takeRecoveryAttempt: with the recoveryCodes option set, the store must have recoveryCodeUsed, takeRecoveryAttempt (see describeOtpStore in passport-sms-otp/store/testing).`,
    );
  });
});

describe('a store that lacks one method of recoveryCodes', () => {
  it('is refused with the recoveryCodes option, naming that method', () => {
    const inner = new MemoryOtpStore();
    const store: OtpStore = { ...coreOnlyStore(inner), takeRecoveryAttempt: (request) => inner.takeRecoveryAttempt(request) };
    expect(strategyWith(store, { recoveryCodes })).toThrow(`Option "store" lacks recoveryCodes's methods recoveryCodeUsed: with the recoveryCodes option set`);
  });
});

describe('a store without the methods of deliveryReceipts', () => {
  const withoutReceipts = () => storeWithout(new MemoryOtpStore(), ['deliveryReceipts']);
  /** A provider set up for receipts (its reader is never asked at construction). */
  const withReceipts: SmsProvider = { name: 'gateway', send: async () => ({ messageIds: ['1'] }), receipts: { read: () => ({ signed: false }) } };
  const strategyOver = (store: OtpStore, provider: SmsProvider) => () => new SmsOtpStrategy({ provider, secret: 'test-secret-with-enough-length', logger: false, store });

  it('is taken while no provider sends receipts', () => {
    expect(strategyOver(withoutReceipts(), new ConsoleProvider({ write: () => undefined }))).not.toThrow();
  });

  it('is refused with a provider that sends receipts, naming every method it lacks', () => {
    const attempt = strategyOver(withoutReceipts(), withReceipts);
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(`Option "store" lacks deliveryReceipts's methods recordReceipt, trackDelivery:`);
    const inner = new MemoryOtpStore();
    expect(strategyOver({ ...withoutReceipts(), trackDelivery: (request) => inner.trackDelivery(request) }, withReceipts)).toThrow(`Option "store" lacks deliveryReceipts's methods recordReceipt:`);
    expect(strategyOver(new MemoryOtpStore(), withReceipts)).not.toThrow();
  });
});

describe('a store without the methods of tollFraud', () => {
  const withoutGroups = () => storeWithout(new MemoryOtpStore(), ['tollFraud']);

  it('is refused while tollFraud is on, as it is by default, naming the feature, what turns it off and every method it lacks', () => {
    for (const features of [{}, { tollFraud: { perPrefix: 50 } }]) {
      const attempt = strategyWith(withoutGroups(), features);
      expect(attempt).toThrow(InvalidOptionError);
      expect(attempt).toThrow(TOLL_FRAUD_MISSING);
    }
  });

  it('is taken with tollFraud: false', () => {
    expect(strategyWith(withoutGroups(), { rememberDevice: {}, recoveryCodes, tollFraud: false })).not.toThrow();
  });

  it('is refused while tollFraud is on when it lacks one of the methods, naming that method', () => {
    const inner = new MemoryOtpStore();
    const store: OtpStore = { ...withoutGroups(), takeGroupSend: (request) => inner.takeGroupSend(request), returnGroupSend: (request) => inner.returnGroupSend(request) };
    expect(strategyWith(store, {})).toThrow(`Option "store" lacks tollFraud's methods groupVerified: with the tollFraud option (on by default; tollFraud: false turns it off) set`);
  });
});

describe('a store without unlock', () => {
  it('is refused whatever the options, as unlock is a core method', () => {
    const { unlock, ...withoutUnlock } = coreOnlyStore(new MemoryOtpStore());
    expect(typeof unlock).toBe('function');
    expect(strategyWith(withoutUnlock as OtpStore, {})).toThrow('Option "store" must be an OtpStore such as MemoryOtpStore or RedisOtpStore; got an object without unlock.');
  });
});

describe('a store with every method', () => {
  it('is taken with the rememberDevice, recoveryCodes and tollFraud options', () => {
    expect(strategyWith(new MemoryOtpStore())).not.toThrow();
    expect(strategyWith(new MemoryOtpStore(), { rememberDevice: {}, recoveryCodes, tollFraud: { perPrefix: 50 } })).not.toThrow();
  });
});
