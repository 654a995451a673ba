import { ConsoleProvider, InvalidOptionError, SmsOtpStrategy, type SmsOtpOptions } from '../lib';
import { FICTIONAL_RANGES } from '../lib/phone/TestNumbers';
import { backends, type SharedState } from './support/backends';
import { recordingLogger } from './support/recordingLogger';
import { bob, type TestUser } from './support/testApp';
import { closeAllInstances, TwoInstances } from './support/twoInstances';

afterAll(() => closeAllInstances());

const DAY_MS = 86_400_000;

/** Three test numbers: one no numbering plan knows (+1 555 …), one a valid US number, one of Ofcom's drama range. */
const TEST_NUMBERS = { '+15555550100': '424242', '+12025550100': '135790', '+447700900123': '246810' };

const tess: TestUser = { id: 't1', username: 'tess', password: 'correct-horse', mobile: '+1 555 555 0100' };
const uma: TestUser = { id: 't2', username: 'uma', password: 'correct-horse', mobile: '+1 202 555 0100' };
const una: TestUser = { id: 't3', username: 'una', password: 'correct-horse', mobile: '+44 7700 900123' };

/** Two instances with the test numbers on until a day from now, sharing one recording logger. */
function withTestNumbers(state: SharedState, strategy: SmsOtpOptions = {}, users: TestUser[] = [tess, uma, una, { ...bob }]) {
  const { logger, lines } = recordingLogger();
  const pair = new TwoInstances(state, { testNumbers: TEST_NUMBERS, testNumbersUntil: new Date(Date.now() + DAY_MS), logger, ...strategy }, { users });
  const warnings = () => lines.filter((line) => line.level === 'warn' && line.message.includes('test number'));
  return { pair, lines, warnings };
}

describe.each(backends('testNumbers'))('test numbers with the $name backend', (backend) => {
  afterAll(() => backend.close());

  it('signs in with the fixed code of a number on file that no numbering plan knows, calling no provider', async () => {
    const { pair, lines } = withTestNumbers(await backend.open());
    const prompt = await pair.passFirstFactor(tess);
    expect(prompt.status).toBe(200);
    expect(prompt.text).toContain('•••••••0100');
    expect(pair.outbox.messages).toEqual([]);
    expect(pair.eventsOf('sent')).toMatchObject([{ provider: 'test', channel: 'sms', mobile: '•••••••0100', userKey: 't1' }]);

    expect((await pair.send(pair.b, 'post', '/login/sms', { code: '135790' })).status).toBe(401);
    const right = await pair.send(pair.a, 'post', '/login/sms', { code: '424242' });
    expect(right.status).toBe(302);
    expect(right.headers.location).toBe('/account');
    expect(pair.eventsOf('verified')).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain('424242');
  });

  it('warns each time a code goes to a test number, with the masked number and never the code', async () => {
    const { pair, lines, warnings } = withTestNumbers(await backend.open(), { resendCooldownSeconds: 0 });
    await pair.passFirstFactor(una);
    expect((await pair.send(pair.b, 'post', '/login/sms', { resend: '1' })).status).toBe(303);
    expect(warnings()).toMatchObject([
      { fields: { mobile: '••••••••0123', purpose: 'sign_in', channel: 'sms' } },
      { fields: { mobile: '••••••••0123', purpose: 'sign_in', channel: 'sms' } },
    ]);
    expect(warnings()[0].message).toBe('sms-otp: a code for the test number ••••••••0123 was not sent (testNumbers): it accepts its fixed code');
    expect(pair.eventsOf('resent')).toMatchObject([{ provider: 'test', channel: 'sms' }]);
    expect(pair.outbox.messages).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain('246810');
    expect(JSON.stringify(lines)).not.toContain('7700900123');
  });

  it('calls no one for a call to a test number, which takes the same fixed code', async () => {
    const { pair } = withTestNumbers(await backend.open(), { voice: true, resendCooldownSeconds: 0 });
    await pair.passFirstFactor(uma);
    expect((await pair.send(pair.b, 'post', '/login/sms', { call: '1' })).status).toBe(303);
    expect(pair.outbox.messages).toEqual([]);
    expect(pair.eventsOf('resent')).toMatchObject([{ provider: 'test', channel: 'voice' }]);
    expect((await pair.send(pair.a, 'post', '/login/sms', { code: '135790' })).status).toBe(302);
  });

  it('enrolls a typed test number written with spaces, dashes and parentheses', async () => {
    const saved: string[] = [];
    const users = [tess, { ...bob }];
    const { pair } = withTestNumbers(await backend.open(), { enrollment: { saveMobile: (_user, mobile) => void saved.push(mobile) } }, users);
    expect((await pair.passFirstFactor(bob)).status).toBe(200);
    expect((await pair.send(pair.b, 'post', '/login/sms', { mobile: '+1 (555) 555-0100' })).status).toBe(303);
    expect(pair.outbox.messages).toEqual([]);
    expect(pair.eventsOf('sent')).toMatchObject([{ provider: 'test', purpose: 'enroll' }]);
    expect((await pair.send(pair.a, 'post', '/login/sms', { code: '424242' })).status).toBe(302);
    expect(saved).toEqual(['+15555550100']);
  });

  it('texts no notice to a test number changed for a real one', async () => {
    const users = [{ ...uma }];
    const enrollment = { saveMobile: (user: unknown, mobile: string) => void ((user as TestUser).mobile = mobile) };
    const { pair } = withTestNumbers(await backend.open(), { enrollment }, users);
    await pair.passFirstFactor(uma);
    expect((await pair.send(pair.b, 'post', '/login/sms', { code: '135790' })).status).toBe(302);
    expect((await pair.send(pair.a, 'post', '/account/mobile', { mobile: '+1 201 555 0177' })).status).toBe(303);
    expect((await pair.send(pair.b, 'post', '/account/mobile', { code: pair.outbox.latestCode() })).headers.location).toBe('/account');
    expect(users[0].mobile).toBe('+12015550177');
    expect(pair.eventsOf('mobile_changed')).toHaveLength(1);
    expect(pair.outbox.messages.map((message) => message.to)).toEqual(['+12015550177']);
  });

  describe('under every limit', () => {
    it('kills the code after maxAttempts wrong tries: the fixed code no longer works', async () => {
      const { pair } = withTestNumbers(await backend.open(), { maxAttempts: 2 });
      await pair.passFirstFactor(tess);
      expect((await pair.send(pair.a, 'post', '/login/sms', { code: '000000' })).status).toBe(401);
      expect((await pair.send(pair.b, 'post', '/login/sms', { code: '000001' })).status).toBe(401);
      const late = await pair.send(pair.a, 'post', '/login/sms', { code: '424242' });
      expect(late.status).toBe(401);
      expect(pair.eventsOf('verified')).toHaveLength(0);
    });

    it('keeps the cooldown and the resend limit', async () => {
      const { pair, warnings } = withTestNumbers(await backend.open(), { maxResends: 1 });
      await pair.passFirstFactor(tess);
      expect((await pair.send(pair.b, 'post', '/login/sms', { resend: '1' })).status).toBe(429);
      pair.now += 31_000;
      expect((await pair.send(pair.a, 'post', '/login/sms', { resend: '1' })).status).toBe(303);
      pair.now += 31_000;
      expect((await pair.send(pair.b, 'post', '/login/sms', { resend: '1' })).status).toBe(429);
      expect(pair.eventsOf('send_refused').map((event) => event.reason)).toEqual(['cooldown', 'limit']);
      expect(warnings()).toHaveLength(2);
    });

    it('keeps the send quotas across sign-ins', async () => {
      const { pair, warnings } = withTestNumbers(await backend.open(), { sendQuotas: { perNumber: { max: 2, windowSeconds: 900 } } });
      expect((await pair.passFirstFactor(tess)).status).toBe(200);
      expect((await pair.passFirstFactor(tess)).status).toBe(200);
      const third = await pair.passFirstFactor(tess);
      expect(third.status).toBe(429);
      expect(third.text).toContain('Try again in 15 minutes.');
      expect(pair.eventsOf('send_refused', 'quota_number')).toHaveLength(1);
      expect(warnings()).toHaveLength(2);
    });

    it('locks the user out after wrong codes, and the fixed code does not lift the lock', async () => {
      const { pair } = withTestNumbers(await backend.open(), { lockout: { maxFailures: 2 } });
      await pair.passFirstFactor(tess);
      expect((await pair.send(pair.a, 'post', '/login/sms', { code: '000000' })).status).toBe(401);
      expect((await pair.send(pair.b, 'post', '/login/sms', { code: '000001' })).status).toBe(423);
      expect((await pair.send(pair.a, 'post', '/login/sms', { code: '424242' })).status).toBe(423);
      expect((await pair.passFirstFactor(tess)).status).toBe(423);
      expect(pair.eventsOf('sent')).toHaveLength(1);
      expect(pair.eventsOf('verified')).toHaveLength(0);
    });
  });

  describe('exempt from the validity check, and from nothing else', () => {
    it('keeps allowedCountries: a test number outside them is refused, a test number with a real area code of an allowed country is not', async () => {
      const { pair } = withTestNumbers(await backend.open(), { allowedCountries: ['US'] });
      const refused = await pair.passFirstFactor(una);
      expect(refused.status).toBe(422);
      // +1 555 has no single country: every NANP country would have to be allowed.
      expect((await pair.passFirstFactor(tess)).status).toBe(422);
      expect(pair.eventsOf('send_refused', 'country_not_allowed')).toHaveLength(2);
      expect((await pair.passFirstFactor(uma)).status).toBe(200);
      expect(pair.eventsOf('sent')).toMatchObject([{ provider: 'test', userKey: 't2' }]);
    });

    it('keeps blockedNumberTypes for a test number that has a type', async () => {
      const { pair } = withTestNumbers(await backend.open(), { blockedNumberTypes: ['FIXED_LINE_OR_MOBILE'] });
      expect((await pair.passFirstFactor(uma)).status).toBe(422);
      expect(pair.eventsOf('send_refused', 'number_type_blocked')).toHaveLength(1);
      expect((await pair.passFirstFactor(tess)).status).toBe(200);
    });

    it('remembers a device that passed a test number\'s code', async () => {
      const { pair } = withTestNumbers(await backend.open(), { rememberDevice: {} });
      await pair.passFirstFactor(tess);
      const verified = await pair.send(pair.a, 'post', '/login/sms', { code: '424242', remember: '1' });
      const device = ([] as string[]).concat(verified.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith('sms_otp_device='))?.split(';')[0];
      expect(device).toBeDefined();
      const again = await pair.send(pair.b, 'post', '/login', { username: 'tess', password: tess.password }, device);
      expect(again.status).toBe(303);
      expect(again.headers.location).toBe('/account');
      expect(pair.eventsOf('device_trusted')).toHaveLength(1);
      expect(pair.eventsOf('sent')).toHaveLength(1);
    });
  });

  describe('past testNumbersUntil, on a strategy still running', () => {
    it('treats them as ordinary numbers: the validity check applies, and a valid one gets a real text', async () => {
      const { pair, warnings } = withTestNumbers(await backend.open(), { enrollment: { saveMobile: () => undefined } });
      pair.now += 2 * DAY_MS;
      const invalid = await pair.passFirstFactor(tess);
      expect(invalid.status).toBe(422);
      expect(invalid.text).toContain('We cannot send codes to the mobile number registered for this account.');
      expect(pair.eventsOf('send_refused', 'invalid_number')).toHaveLength(1);

      expect((await pair.passFirstFactor(uma)).status).toBe(200);
      expect(pair.outbox.messages).toMatchObject([{ to: '+12025550100' }]);
      expect(pair.eventsOf('sent')).toMatchObject([{ provider: 'console' }]);
      const code = pair.outbox.latestCode();
      if (code !== '135790') expect((await pair.send(pair.b, 'post', '/login/sms', { code: '135790' })).status).toBe(401);
      expect((await pair.send(pair.a, 'post', '/login/sms', { code })).status).toBe(302);

      await pair.passFirstFactor(bob);
      const typed = await pair.send(pair.b, 'post', '/login/sms', { mobile: '+1 555 555 0100' });
      expect(typed.status).toBe(422);
      expect(warnings()).toEqual([]);
    });
  });
});

describe('the test number options', () => {
  const provider = new ConsoleProvider({ write: () => undefined });
  const secret = 'test-secret-with-enough-length';
  const NOW = Date.parse('2026-06-01T12:00:00Z');
  const until = '2026-07-01T00:00:00Z';
  const build = (options: Record<string, unknown>) => () =>
    new SmsOtpStrategy({ provider, secret, logger: false, clock: () => NOW, testNumbersUntil: until, ...options } as SmsOtpOptions);
  const originalEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = originalEnv;
  });

  it('accepts up to 20 numbers with a Date or an ISO 8601 string', () => {
    const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`+1202555${String(100 + i).padStart(4, '0')}`, '424242']));
    expect(build({ testNumbers: twenty })).not.toThrow();
    expect(build({ testNumbers: TEST_NUMBERS, testNumbersUntil: new Date('2026-06-02') })).not.toThrow();
    expect(build({ testNumbers: TEST_NUMBERS, testNumbersUntil: '2026-06-02' })).not.toThrow();
    expect(build({ testNumbers: { '+15555550100': 'A2B3C4' }, numericOnly: false })).not.toThrow();
    expect(build({ testNumbers: { '+15555550100': '4242' }, otpLength: 4 })).not.toThrow();
  });

  it.each([
    ['21 numbers', { testNumbers: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`+1202555${String(100 + i).padStart(4, '0')}`, '424242'])) }, 'Option "testNumbers" must be at most 20 numbers; got 21 numbers.'],
    ['a list', { testNumbers: ['+15555550100'] }, 'Option "testNumbers" must be an object of E.164 numbers and their fixed codes, such as { "+15555550100": "424242" }; got an array of 1.'],
    ['a key with spaces', { testNumbers: { '+1 555 555 0100': '424242' } }, 'must be keyed by numbers in E.164 ("+", the country calling code and the number, digits only, such as "+15555550100"); got a key ending in 0100.'],
    ['a key without +', { testNumbers: { '15555550100': '424242' } }, 'got a key ending in 0100.'],
    ['a key of no country calling code', { testNumbers: { '+9995550100': '424242' } }, 'got a key ending in 0100.'],
    ['a code too short', { testNumbers: { '+15555550100': '4242' } }, 'Option "testNumbers" must be codes of 6 digits, as otpLength and numericOnly make them; got a code of 4 characters for the number ending in 0100.'],
    ['a code with letters', { testNumbers: { '+15555550100': '42424A' } }, 'got a code with characters outside the alphabet for the number ending in 0100.'],
    ['a code as a number', { testNumbers: { '+15555550100': 424242 } }, 'got a number (write it as a string) for the number ending in 0100.'],
    ['a look-alike in an alphanumeric code', { testNumbers: { '+15555550100': 'A1B2C3' }, numericOnly: false }, 'must be codes of 6 characters of A–Z and 2–9 without 0 O 1 I L (numericOnly is false)'],
    ['no testNumbersUntil', { testNumbers: TEST_NUMBERS, testNumbersUntil: undefined }, 'Option "testNumbersUntil" must be set with testNumbers: a Date or an ISO 8601 string, after which test numbers are ordinary numbers.'],
    ['a testNumbersUntil that is not a date', { testNumbers: TEST_NUMBERS, testNumbersUntil: 'next month' }, 'Option "testNumbersUntil" must be a Date or an ISO 8601 string such as "2027-01-31T00:00:00Z"; got a string.'],
    ['an invalid Date', { testNumbers: TEST_NUMBERS, testNumbersUntil: new Date('nope') }, 'got an invalid Date.'],
  ])('refuses %s', (_label, options, message) => {
    expect(build(options)).toThrow(InvalidOptionError);
    expect(build(options)).toThrow(message);
  });

  it('refuses a strategy created after testNumbersUntil, by the clock option', () => {
    const late = build({ testNumbers: TEST_NUMBERS, clock: () => Date.parse(until) });
    expect(late).toThrow(InvalidOptionError);
    expect(late).toThrow('Option "testNumbersUntil" must be a date still to come with testNumbers (now is 2026-07-01T00:00:00.000Z): a strategy created after it throws; got 2026-07-01T00:00:00.000Z.');
    expect(build({ testNumbers: TEST_NUMBERS, clock: () => Date.parse(until) - 1 })).not.toThrow();
  });

  describe('with NODE_ENV=production', () => {
    beforeEach(() => {
      process.env.NODE_ENV = 'production';
    });

    it('refuses test numbers unless allowTestNumbersInProduction is true', () => {
      expect(build({ testNumbers: { '+15555550100': '424242' } })).toThrow(
        'Option "testNumbers" must be unset when NODE_ENV=production, unless allowTestNumbersInProduction is true (and then only numbers in the fictional ranges); got 1 numbers.',
      );
      expect(build({ testNumbers: { '+15555550100': '424242' }, allowTestNumbersInProduction: true })).not.toThrow();
      expect(build({ allowTestNumbersInProduction: 'yes' })).toThrow('Option "allowTestNumbersInProduction" must be true or false; got a string.');
    });

    it.each(['+15555550100', '+12025550199', '+19895550150', '+447700900000', '+447700900999'])('accepts %s, in a fictional range', (number) => {
      expect(build({ testNumbers: { [number]: '424242' }, allowTestNumbersInProduction: true })).not.toThrow();
    });

    it.each(['+12025550200', '+12025550099', '+12025551234', '+447700901000', '+447911123456', '+33612345678'])('refuses %s, outside the fictional ranges', (number) => {
      const attempt = build({ testNumbers: { [number]: '424242' }, allowTestNumbersInProduction: true });
      expect(attempt).toThrow(InvalidOptionError);
      expect(attempt).toThrow(`Option "testNumbers" must be numbers in the fictional ranges when NODE_ENV=production (${FICTIONAL_RANGES.map(({ range }) => range).join(', ')}); got a number ending in ${number.slice(-4)} outside them.`);
    });
  });
});
