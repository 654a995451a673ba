import request from 'supertest';
import { InvalidOptionError, SmsOtpStrategy, type SmsOtpEvent, type SmsOtpOptions } from '../lib';
import { alice, createTestApp, passFirstFactor, type TestUser } from './support/testApp';

/** Signs `mobile`'s owner in and returns the prompt, the texts sent and the events. */
async function promptFor(mobile: string, strategy: SmsOtpOptions = {}) {
  const events: SmsOtpEvent[] = [];
  const user: TestUser = { ...alice, mobile };
  const { app, outbox } = createTestApp({ users: [user], strategy: { onEvent: (event) => void events.push(event), ...strategy } });
  const prompt = await passFirstFactor(request.agent(app), user);
  return { prompt, outbox, events };
}

describe('mobile numbers', () => {
  it('texts the number normalised to E.164', async () => {
    const { prompt, outbox } = await promptFor('(201) 555-0123', { defaultCountry: 'US' });
    expect(prompt.status).toBe(200);
    expect(outbox.messages.map((message) => message.to)).toEqual(['+12015550123']);
  });

  it('reads a national number with the default country', async () => {
    const { outbox } = await promptFor('06 12 34 56 78', { defaultCountry: 'FR' });
    expect(outbox.messages[0].to).toBe('+33612345678');
  });

  it.each([
    ['an invalid number', '12345', {}, 'invalid_number'],
    ['a national number without a default country', '06 12 34 56 78', {}, 'invalid_number'],
    ['a fictional 555 number when numbers must be valid', '+1 555 555 0100', {}, 'invalid_number'],
    ['a premium-rate number', '+1 900 555 0123', {}, 'number_type_blocked'],
    ['a shared-cost number', '+33 8 10 12 34 56', {}, 'number_type_blocked'],
    ['a number of a country not allowed', '+1 201 555 0123', { allowedCountries: ['FR'] }, 'country_not_allowed'],
    ['a number of a blocked type', '+33 6 12 34 56 78', { blockedNumberTypes: ['MOBILE'] }, 'number_type_blocked'],
  ] as const)('refuses %s with a clear page and no text', async (_, mobile, options, reason) => {
    const { prompt, outbox, events } = await promptFor(mobile, options as SmsOtpOptions);
    expect(prompt.status).toBe(422);
    expect(prompt.text).toContain('We cannot send codes to the mobile number registered for this account.');
    expect(outbox.messages).toHaveLength(0);
    expect(events).toContainEqual(expect.objectContaining({ type: 'send_refused', reason }));
  });

  it('accepts a fictional 555 number when phoneValidation is "possible"', async () => {
    const { prompt, outbox } = await promptFor('+1 555 555 0100', { phoneValidation: 'possible' });
    expect(prompt.status).toBe(200);
    expect(outbox.messages[0].to).toBe('+15555550100');
  });

  it('refuses a number that is only possible when its countries are not all allowed', async () => {
    const { prompt } = await promptFor('+1 555 555 0100', { phoneValidation: 'possible', allowedCountries: ['US'] });
    expect(prompt.status).toBe(422);
  });

  it('accepts a number of an allowed country', async () => {
    const { prompt } = await promptFor('+33 6 12 34 56 78', { allowedCountries: ['FR', 'BE'] });
    expect(prompt.status).toBe(200);
  });
});

describe('limit options', () => {
  it.each([
    [{ phoneValidation: 'strict' }, 'phoneValidation'],
    [{ defaultCountry: 'XX' }, 'defaultCountry'],
    [{ allowedCountries: 'FR' }, 'allowedCountries'],
    [{ blockedNumberTypes: ['EXPENSIVE'] }, 'blockedNumberTypes'],
    [{ sendQuotas: { perNumber: { max: 0, windowSeconds: 60 } } }, 'sendQuotas.perNumber.max'],
    [{ sendQuotas: { perUser: { max: 3 } } }, 'sendQuotas.perUser.windowSeconds'],
    [{ sendQuotas: { perIp: 5 } }, 'sendQuotas.perIp'],
    [{ lockout: { maxFailures: 101 } }, 'lockout.maxFailures'],
    [{ lockout: { durationSeconds: 0 } }, 'lockout.durationSeconds'],
    [{ store: { reserveSend() {} } }, 'store'],
  ])('rejects %j naming %s', (options, option) => {
    expect(() => new SmsOtpStrategy({ secret: 'test-secret-with-enough-length', ...(options as SmsOtpOptions) })).toThrow(
      expect.objectContaining({ constructor: InvalidOptionError, option }),
    );
  });
});
