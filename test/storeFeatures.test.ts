// Issue 17: a store method a feature adds is required of a custom store only when that feature is
// configured, and the strategy says which at construction.
import session from 'express-session';
import { ConsoleProvider, InvalidOptionError, SmsOtpStrategy } from '../lib';
import { MemoryOtpStore, type OtpStore } from '../lib/store';
import { coreOnlyStore } from './support/coreOnlyStore';
import { closeAllInstances, TwoInstances } from './support/twoInstances';
import { enrollingUsers, redirectOf, Visitor } from './support/visitors';

afterAll(() => closeAllInstances());

const strategyWith = (store: OtpStore) => () =>
  new SmsOtpStrategy({ provider: new ConsoleProvider({ write: () => undefined }), secret: 'test-secret-with-enough-length', logger: false, store, rememberDevice: {} });

describe('a store with the core methods only', () => {
  it('signs in, changes the number and forgets devices without the rememberDevice option', async () => {
    const { users, saved, enrollment } = enrollingUsers();
    const pair = new TwoInstances({ otpStore: coreOnlyStore(new MemoryOtpStore()), sessionStore: new session.MemoryStore() }, { enrollment, phoneValidation: 'possible' }, { users });
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

describe('a store with every method', () => {
  it('is taken with the rememberDevice option', () => {
    expect(strategyWith(new MemoryOtpStore())).not.toThrow();
  });
});
