import { Counter, Registry, register as globalRegister } from 'prom-client';
import request from 'supertest';
import { SmsOtpError, smsOtpMetrics, type SmsOtpEvent } from '../lib';
import { createTestApp, passFirstFactor } from './support/testApp';

const EVENTS = 'sms_otp_events_total';
const DURATIONS = 'sms_otp_send_duration_seconds';

function event(type: SmsOtpEvent['type'], extra: Partial<SmsOtpEvent> = {}): SmsOtpEvent {
  return { type, strategy: 'sms-otp', purpose: 'sign_in', userKey: 'u1', mobile: '•••••••0123', ip: '127.0.0.1', at: new Date(), locale: 'en', ...extra };
}

/** The metric's samples as `name{labels} value` lines of the exposition format. */
async function samples(register: Registry, name: string): Promise<string[]> {
  const text = await register.getSingleMetricAsString(name);
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

describe('smsOtpMetrics', () => {
  it('counts each event by strategy, type, reason and provider, a missing label as empty', async () => {
    const register = new Registry();
    const onEvent = smsOtpMetrics({ register });
    onEvent(event('sent', { provider: 'twilio' }));
    onEvent(event('failed', { reason: 'wrong_code', attemptsLeft: 4 }));
    onEvent(event('failed', { reason: 'wrong_code', attemptsLeft: 3 }));
    onEvent(event('send_refused', { reason: 'cooldown' }));

    expect(await samples(register, EVENTS)).toEqual([
      'sms_otp_events_total{strategy="sms-otp",type="sent",reason="",provider="twilio"} 1',
      'sms_otp_events_total{strategy="sms-otp",type="failed",reason="wrong_code",provider=""} 2',
      'sms_otp_events_total{strategy="sms-otp",type="send_refused",reason="cooldown",provider=""} 1',
    ]);
  });

  it('times sends in seconds: sent and resent as sent, send_failed as failed, nothing else', async () => {
    const register = new Registry();
    const onEvent = smsOtpMetrics({ register });
    onEvent(event('sent', { provider: 'twilio', durationMs: 400 }));
    onEvent(event('resent', { provider: 'twilio', durationMs: 2_500 }));
    onEvent(event('send_failed', { provider: 'vonage', reason: 'provider_error', durationMs: 20_000 }));
    onEvent(event('sent', { provider: 'twilio' }));
    onEvent(event('verified', { durationMs: 100 }));

    const lines = await samples(register, DURATIONS);
    expect(lines).toContain('sms_otp_send_duration_seconds_count{provider="twilio",outcome="sent"} 2');
    expect(lines).toContain('sms_otp_send_duration_seconds_sum{provider="twilio",outcome="sent"} 2.9');
    expect(lines).toContain('sms_otp_send_duration_seconds_bucket{le="0.5",provider="twilio",outcome="sent"} 1');
    expect(lines).toContain('sms_otp_send_duration_seconds_bucket{le="3",provider="twilio",outcome="sent"} 2');
    expect(lines).toContain('sms_otp_send_duration_seconds_count{provider="vonage",outcome="failed"} 1');
    expect(lines).toContain('sms_otp_send_duration_seconds_bucket{le="10",provider="vonage",outcome="failed"} 0');
    expect(lines.filter((line) => line.includes('_count'))).toHaveLength(2);
  });

  it('counts, while tollFraud is on, sends and verified codes by country, and toll-fraud episodes by reason', async () => {
    const register = new Registry();
    const onEvent = smsOtpMetrics({ register });
    onEvent(event('sent', { country: 'US' }));
    onEvent(event('resent', { country: 'US' }));
    onEvent(event('sent', { country: '+1' }));
    onEvent(event('sent'));
    onEvent(event('verified', { country: 'US' }));
    onEvent(event('verified'));
    onEvent(event('send_refused', { reason: 'low_conversion', country: 'FR' }));
    onEvent(event('fraud_suspected', { reason: 'low_conversion', group: 'prefix +3361234', country: 'FR' }));
    onEvent(event('fraud_suspected', { reason: 'country_velocity', group: 'country FR', country: 'FR' }));

    expect(await samples(register, 'sms_otp_toll_fraud_sends_total')).toEqual([
      'sms_otp_toll_fraud_sends_total{country="US"} 2',
      'sms_otp_toll_fraud_sends_total{country="+1"} 1',
    ]);
    expect(await samples(register, 'sms_otp_toll_fraud_verified_total')).toEqual(['sms_otp_toll_fraud_verified_total{country="US"} 1']);
    expect(await samples(register, 'sms_otp_toll_fraud_pauses_total')).toEqual([
      'sms_otp_toll_fraud_pauses_total{reason="low_conversion"} 1',
      'sms_otp_toll_fraud_pauses_total{reason="country_velocity"} 1',
    ]);
  });

  it('reuses its metrics when called again with the same registry', async () => {
    const register = new Registry();
    smsOtpMetrics({ register })(event('sent'));
    expect(() => smsOtpMetrics({ register })).not.toThrow();
    smsOtpMetrics({ register })(event('sent'));
    expect(await samples(register, EVENTS)).toEqual(['sms_otp_events_total{strategy="sms-otp",type="sent",reason="",provider=""} 2']);
  });

  it("registers in prom-client's global register by default", async () => {
    try {
      smsOtpMetrics()(event('locked', { reason: 'max_attempts' }));
      smsOtpMetrics()(event('locked', { reason: 'max_attempts' }));
      expect(await globalRegister.metrics()).toContain('sms_otp_events_total{strategy="sms-otp",type="locked",reason="max_attempts",provider=""} 2');
    } finally {
      globalRegister.removeSingleMetric(EVENTS);
      globalRegister.removeSingleMetric(DURATIONS);
    }
  });

  it('refuses a registry that has another kind of metric under its name', () => {
    const register = new Registry();
    new Counter({ name: DURATIONS, help: 'someone else', registers: [register] });
    expect(() => smsOtpMetrics({ register })).toThrow(SmsOtpError);
    expect(() => smsOtpMetrics({ register })).toThrow(`already has a Counter of that name, not a Histogram`);
  });

  it('loads prom-client only when called, and says to install it when it is missing', () => {
    let loads = 0;
    jest.isolateModules(() => {
      jest.doMock('prom-client', () => {
        loads += 1;
        throw Object.assign(new Error("Cannot find module 'prom-client'"), { code: 'MODULE_NOT_FOUND' });
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const isolated = require('../lib') as typeof import('../lib');
      expect(loads).toBe(0);
      expect(() => isolated.smsOtpMetrics()).toThrow('smsOtpMetrics() needs the "prom-client" package, which is not installed. Run: npm install prom-client');
      expect(loads).toBe(1);
    });
    jest.dontMock('prom-client');
  });

  it('counts two strategies that share the handler apart', async () => {
    const register = new Registry();
    const onEvent = smsOtpMetrics({ register });
    const users = createTestApp({ strategy: { onEvent } });
    const admins = createTestApp({ strategy: { onEvent, name: 'sms-otp-admin' } });
    await passFirstFactor(request.agent(users.app));
    await passFirstFactor(request.agent(admins.app));

    expect(await samples(register, EVENTS)).toEqual([
      'sms_otp_events_total{strategy="sms-otp",type="sent",reason="",provider="console"} 1',
      'sms_otp_events_total{strategy="sms-otp-admin",type="sent",reason="",provider="console"} 1',
    ]);
  });

  it('counts a real sign-in through the strategy', async () => {
    const register = new Registry();
    const { app, outbox } = createTestApp({ strategy: { onEvent: smsOtpMetrics({ register }) } });
    const agent = request.agent(app);
    await passFirstFactor(agent);
    const wrong = outbox.latestCode() === '000000' ? '111111' : '000000';
    await agent.post('/login/sms').type('form').send({ code: wrong }).expect(302);
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302).expect('Location', '/account');

    expect(await samples(register, EVENTS)).toEqual([
      'sms_otp_events_total{strategy="sms-otp",type="sent",reason="",provider="console"} 1',
      'sms_otp_events_total{strategy="sms-otp",type="failed",reason="wrong_code",provider=""} 1',
      'sms_otp_events_total{strategy="sms-otp",type="verified",reason="",provider=""} 1',
    ]);
    expect(await samples(register, 'sms_otp_toll_fraud_sends_total')).toEqual(['sms_otp_toll_fraud_sends_total{country="US"} 1']);
    expect(await samples(register, 'sms_otp_toll_fraud_verified_total')).toEqual(['sms_otp_toll_fraud_verified_total{country="US"} 1']);
  });
});
