import request from 'supertest';
import { OtpStoreUnavailableError, MemoryOtpStore, SmsSendError, type SmsOtpEvent, type SmsOtpLogger, type SmsProvider } from '../lib';
import { alice, createTestApp, Outbox, passFirstFactor } from './support/testApp';

/** A logger that keeps every line, as pino would receive them. */
function recordingLogger() {
  const lines: { level: 'info' | 'warn' | 'error'; fields: Record<string, unknown>; message: string }[] = [];
  const logger: SmsOtpLogger = {
    info: (fields, message) => void lines.push({ level: 'info', fields, message }),
    warn: (fields, message) => void lines.push({ level: 'warn', fields, message }),
    error: (fields, message) => void lines.push({ level: 'error', fields, message }),
  };
  return { logger, lines };
}

/** A provider that cannot reach its API, whose raw answer quotes the number and the text. */
const unreachable: SmsProvider = {
  name: 'twilio',
  send: async (message) => {
    throw new SmsSendError(`Twilio could not be reached (ENOTFOUND): ${message.to} ${message.body}`, {
      provider: 'twilio',
      retryable: true,
      code: 'ENOTFOUND',
      detail: `${message.to} ${message.body}`,
    });
  },
};

describe('logging', () => {
  it('writes one line per event to stderr by default', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const { app, outbox } = createTestApp({ strategy: { logger: undefined } });
      const agent = request.agent(app);
      await passFirstFactor(agent, alice);
      await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302);
      const lines = stderr.mock.calls.map((call) => String(call[0])).filter((line) => line.startsWith('passport-sms-otp '));
      expect(lines.map((line) => line.split(' ').slice(1, 3).join(' '))).toEqual(['info sms-otp', 'info sms-otp']);
      expect(lines[0]).toContain('"type":"sent"');
      expect(lines[1]).toContain('"type":"verified"');
      expect(lines.join('')).not.toContain(outbox.latestCode());
      expect(lines.join('')).not.toContain('2015550123');
    } finally {
      stderr.mockRestore();
    }
  });

  it('reports a failed send as a warning with the provider, its code and the package\'s own message, never the number or the text', async () => {
    const { logger, lines } = recordingLogger();
    const events: SmsOtpEvent[] = [];
    const { app } = createTestApp({ provider: unreachable, strategy: { logger, onEvent: (event) => void events.push(event) } });
    expect((await passFirstFactor(request.agent(app), alice)).status).toBe(503);
    const warning = lines.find((line) => line.level === 'warn');
    expect(warning?.message).toBe('sms-otp send_failed: Twilio could not be reached (ENOTFOUND)');
    expect(warning?.fields).toMatchObject({ type: 'send_failed', provider: 'twilio', code: 'ENOTFOUND', retryable: true, reason: 'code_ENOTFOUND' });
    expect(events.find((event) => event.type === 'send_failed')).toMatchObject({ code: 'ENOTFOUND', retryable: true, durationMs: expect.any(Number) });
    const everything = JSON.stringify(lines);
    expect(everything).not.toContain('2015550123');
    expect(everything).not.toContain('one-time password');
  });

  it('reports a refused number as a warning pointing to phoneValidation for fictional numbers', async () => {
    const { logger, lines } = recordingLogger();
    const { app } = createTestApp({ users: [{ ...alice, mobile: '+1 555 555 0100' }], strategy: { logger } });
    expect((await passFirstFactor(request.agent(app), alice)).status).toBe(422);
    const warning = lines.find((line) => line.level === 'warn');
    expect(warning?.message).toContain('(invalid_number)');
    expect(warning?.message).toContain("phoneValidation: 'possible'");
  });

  it('reports a store outage as an error and a throwing hook as a warning', async () => {
    const { logger, lines } = recordingLogger();
    class DownStore extends MemoryOtpStore {
      override async reserveSend(): Promise<never> {
        throw new OtpStoreUnavailableError('Redis is not connected.');
      }
    }
    const { app } = createTestApp({ strategy: { logger, store: new DownStore() } });
    expect((await passFirstFactor(request.agent(app), alice)).status).toBe(503);
    expect(lines.find((line) => line.level === 'error')).toMatchObject({ message: 'sms-otp store unavailable: the request failed closed (503)', fields: { error: 'Redis is not connected.' } });

    const hooked = recordingLogger();
    const throwing = createTestApp({ strategy: { logger: hooked.logger, onEvent: () => { throw new Error('audit table missing'); } } });
    expect((await passFirstFactor(request.agent(throwing.app), alice)).status).toBe(200);
    expect(hooked.lines.find((line) => line.level === 'warn')).toMatchObject({ message: 'sms-otp: the onEvent hook failed and was ignored', fields: { reason: 'audit table missing' } });
  });

  it('writes nothing with logger: false, and reports how long a send took', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const events: SmsOtpEvent[] = [];
    try {
      const { app } = createTestApp({ outbox: new Outbox(), strategy: { logger: false, onEvent: (event) => void events.push(event) } });
      await passFirstFactor(request.agent(app), alice);
      expect(stderr.mock.calls.filter((call) => String(call[0]).startsWith('passport-sms-otp '))).toEqual([]);
      expect(events[0]).toMatchObject({ type: 'sent', durationMs: expect.any(Number) });
    } finally {
      stderr.mockRestore();
    }
  });
});
