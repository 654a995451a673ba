import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import request from 'supertest';
import { OtpStoreUnavailableError, MemoryOtpStore, SmsSendError, type SmsOtpEvent, type SmsProvider } from '../lib';
import { startGatewayEmulator, type GatewayEmulator } from './support/httpGatewayEmulator';
import { recordingLogger } from './support/recordingLogger';
import { alice, createTestApp, Outbox, passFirstFactor } from './support/testApp';

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

describe('the default logger, in an app whose stderr is a pipe', () => {
  const ROOT = path.join(__dirname, '..');
  let gateway: GatewayEmulator;
  let child: ChildProcessWithoutNullStreams;
  let origin: string;
  let stderr = '';

  beforeAll(async () => {
    gateway = await startGatewayEmulator();
    child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['test/support/defaultLoggerApp.ts'], {
      cwd: ROOT,
      env: { ...process.env, GATEWAY_URL: `${gateway.origin}/sms`, STRATEGY_NAME: 'sms-otp-admin' },
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let stdout = '';
    const [port] = await new Promise<[number]>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /\{"port":(\d+)\}/.exec(stdout);
        if (match) resolve([Number(match[1])]);
      });
      child.on('exit', (code) => reject(new Error(`the app exited with ${code}:\n${stdout}\n${stderr}`)));
    });
    origin = `http://127.0.0.1:${port}`;
  }, 60_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    await gateway.close();
  });

  /** Waits until stderr holds `count` lines, and returns them. */
  async function stderrLines(count: number): Promise<string[]> {
    const deadline = Date.now() + 5000;
    while (stderr.split('\n').length <= count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return stderr.split('\n').filter((line) => line !== '');
  }

  it('writes nothing on a whole sign-in: prompt, send, verify', async () => {
    const agent = request.agent(origin);
    expect((await passFirstFactor(agent)).status).toBe(200);
    const code = /is (\d{6})\./.exec(JSON.parse(gateway.received.at(-1)?.body ?? '{}').content)?.[1];
    await agent.post('/login/sms').type('form').send({ code }).expect(302).expect('Location', '/account');
    expect((await agent.get('/account')).text).toBe('signed in as alice');
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(stderr).toBe('');
  });

  it('writes one warning, naming the strategy, for a send that failed', async () => {
    gateway.answer({ status: 503, body: 'maintenance' });
    expect((await passFirstFactor(request.agent(origin))).status).toBe(503);

    const lines = await stderrLines(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^passport-sms-otp warn sms-otp-admin send_failed: SMS gateway http://127\\.0\\.0\\.1:${gateway.port} answered HTTP 503: maintenance \\{"strategy":"sms-otp-admin",`));
    expect(lines[0]).toContain('"httpStatus":503');
  });

  it('writes one error, naming the strategy, for a send the set-up failed', async () => {
    gateway.answer({ status: 401, body: 'invalid API token' });
    expect((await passFirstFactor(request.agent(origin))).status).toBe(503);

    const lines = await stderrLines(2);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^passport-sms-otp error sms-otp-admin send_failed: SMS gateway http:\/\/127\.0\.0\.1:\d+ answered HTTP 401: invalid API token \{/);
    expect(JSON.parse(lines[1].slice(lines[1].indexOf('{')))).toMatchObject({ strategy: 'sms-otp-admin', fault: 'setup', httpStatus: 401, detail: 'invalid API token' });
  });
});

describe('a logger the app passes', () => {
  it('hears the successes too, at info, each naming the strategy', async () => {
    const { logger, lines } = recordingLogger();
    const { app, outbox } = createTestApp({ strategy: { logger } });
    const agent = request.agent(app);
    await passFirstFactor(agent, alice);
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302);

    expect(lines.map(({ level, message, fields }) => [level, message, fields.strategy, fields.type])).toEqual([
      ['info', 'sms-otp sent', 'sms-otp', 'sent'],
      ['info', 'sms-otp verified', 'sms-otp', 'verified'],
    ]);
    expect(JSON.stringify(lines)).not.toContain(outbox.latestCode());
    expect(JSON.stringify(lines)).not.toContain('2015550123');
  });

  it('reports a failed send as a warning with the provider, its code and its answer, never the number or the text', async () => {
    const { logger, lines } = recordingLogger();
    const events: SmsOtpEvent[] = [];
    const { app } = createTestApp({ provider: unreachable, strategy: { logger, onEvent: (event) => void events.push(event) } });
    expect((await passFirstFactor(request.agent(app), alice)).status).toBe(503);
    const warning = lines.find((line) => line.level === 'warn');
    expect(warning?.message).toBe('sms-otp send_failed: Twilio could not be reached (ENOTFOUND): [number] [text]');
    expect(warning?.fields).toMatchObject({ type: 'send_failed', strategy: 'sms-otp', provider: 'twilio', code: 'ENOTFOUND', retryable: true, reason: 'code_ENOTFOUND' });
    expect(events.find((event) => event.type === 'send_failed')).toMatchObject({ code: 'ENOTFOUND', retryable: true, durationMs: expect.any(Number), detail: '[number] [text]' });
    const everything = JSON.stringify(lines);
    expect(everything).not.toContain('2015550123');
    expect(everything).not.toContain('one-time password');
  });

  it('reports a refused number as a warning pointing to phoneValidation for fictional numbers', async () => {
    const { logger, lines } = recordingLogger();
    const { app } = createTestApp({ users: [{ ...alice, mobile: '+1 555 555 0100' }], strategy: { logger } });
    expect((await passFirstFactor(request.agent(app), alice)).status).toBe(422);
    const warning = lines.find((line) => line.level === 'warn');
    expect(warning?.message).toContain('sms-otp send_refused: the number cannot receive codes (invalid_number)');
    expect(warning?.message).toContain("phoneValidation: 'possible'");
  });

  it('reports a used-up send quota (a hold) as a warning', async () => {
    const { logger, lines } = recordingLogger();
    const { app } = createTestApp({ strategy: { logger, sendQuotas: { perUser: { max: 1, windowSeconds: 3600 } } } });
    expect((await passFirstFactor(request.agent(app), alice)).status).toBe(200);
    expect((await passFirstFactor(request.agent(app), alice)).status).toBe(429);
    expect(lines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual(['sms-otp send_refused: a send quota is used up (quota_user): no code is sent until it refills']);
  });

  it('reports a store outage as an error and a throwing hook as a warning', async () => {
    const { logger, lines } = recordingLogger();
    class DownStore extends MemoryOtpStore {
      override async reserveSend(): Promise<never> {
        throw new OtpStoreUnavailableError('Redis is not connected.');
      }
    }
    const { app } = createTestApp({ strategy: { logger, store: new DownStore(), name: 'sms-otp-admin' } });
    expect((await passFirstFactor(request.agent(app), alice)).status).toBe(503);
    expect(lines.find((line) => line.level === 'error')).toMatchObject({
      message: 'sms-otp-admin store unavailable: the request failed closed (503)',
      fields: { strategy: 'sms-otp-admin', error: 'Redis is not connected.' },
    });

    const hooked = recordingLogger();
    const throwing = createTestApp({ strategy: { logger: hooked.logger, onEvent: () => { throw new Error('audit table missing'); } } });
    expect((await passFirstFactor(request.agent(throwing.app), alice)).status).toBe(200);
    expect(hooked.lines.find((line) => line.level === 'warn')).toMatchObject({ message: 'sms-otp: the onEvent hook failed and was ignored', fields: { strategy: 'sms-otp', reason: 'audit table missing' } });
  });

  it('writes nothing with logger: false, and reports how long a send took', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const events: SmsOtpEvent[] = [];
    try {
      const failing = createTestApp({ provider: unreachable, strategy: { logger: false, onEvent: (event) => void events.push(event) } });
      await passFirstFactor(request.agent(failing.app), alice);
      const working = createTestApp({ outbox: new Outbox(), strategy: { logger: false, onEvent: (event) => void events.push(event) } });
      await passFirstFactor(request.agent(working.app), alice);
      expect(stderr).not.toHaveBeenCalled();
      expect(events).toMatchObject([
        { type: 'send_failed', durationMs: expect.any(Number) },
        { type: 'sent', durationMs: expect.any(Number) },
      ]);
    } finally {
      stderr.mockRestore();
    }
  });
});
