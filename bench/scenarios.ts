import type { AppProcess } from './AppProcess';
import type { RequestSpec } from './loadDriver';
import { expectStatus, inParallel, send } from './loopbackClient';
import { benchUser } from './protocol';
import { totpCode } from './totp';

/** Every scenario, in the order a round runs them: dq right after d, so the two share the machine's state. */
export const SCENARIO_IDS = ['a', 'b', 'c', 'd', 'dq', 'e', 'f'] as const;

export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** The requests of one scenario, ready to send. */
export interface PreparedLoad {
  /** The i-th measured request. */
  readonly request: (i: number) => RequestSpec;
  /** How many requests there are: each uses up a session prepared for it. Unbounded when absent. */
  readonly available?: number;
}

/** One thing the bench measures. */
export interface Scenario {
  readonly id: ScenarioId;
  readonly title: string;
  /** The status every measured request must get; anything else marks the run as failed. */
  readonly expectedStatus: number;
  /** Load generator connections (sign-ins in flight). */
  readonly connections: number;
  /** How long the SMS provider takes per message. */
  readonly providerLatencyMs: number;
  /** The strategy's `logger` option: `false`, or unset for the default logger (writing to the app's stderr, a pipe). */
  readonly logger?: false;
  /** Creates the sessions the measured requests need, through the app's real HTTP flow. */
  prepare(app: AppProcess, count: number): Promise<PreparedLoad>;
}

/** Parallel requests while preparing sessions. */
const SETUP_CONCURRENCY = 32;

const password = (i: number) => ({ username: benchUser(i).username, password: benchUser(i).password });

/** f posts a form of d's shape (its route ignores it), so that body parsing costs the same in both. */
const FORM_OF_A_VERIFY = 'code=000000';

/** One session per user after a password sign-in at `path`, which answers `status`. */
async function sessionsAfterPassword(app: AppProcess, count: number, path: string, status: number): Promise<string[]> {
  return inParallel(count, SETUP_CONCURRENCY, async (i) => {
    const response = expectStatus(`POST ${path}`, await send(app.port, 'POST', path, { form: password(i) }), status);
    return response.cookie as string;
  });
}

/** Users who passed the password step of the SMS flow: pending sign-ins, no code sent yet. */
function pendingSessions(app: AppProcess, count: number): Promise<string[]> {
  return sessionsAfterPassword(app, count, '/login', 303);
}

/** Each request is a pending sign-in's first visit to the prompt, which sends its code. */
async function promptLoad(app: AppProcess, count: number): Promise<PreparedLoad> {
  const cookies = await pendingSessions(app, count);
  return { available: count, request: (i) => ({ method: 'GET', path: '/login/sms', cookie: cookies[i] }) };
}

/** Each request submits the right code of a pending sign-in whose code went out. */
async function verifyLoad(app: AppProcess, count: number): Promise<PreparedLoad> {
  const cookies = await pendingSessions(app, count);
  await inParallel(count, SETUP_CONCURRENCY, async (i) =>
    expectStatus('GET /login/sms', await send(app.port, 'GET', '/login/sms', { cookie: cookies[i] }), 200),
  );
  const codes = await app.codes(Array.from({ length: count }, (_, i) => i));
  const missing = codes.findIndex((code) => code === null);
  if (missing >= 0) throw new Error(`no code was captured for user ${missing}`);
  return { available: count, request: (i) => ({ method: 'POST', path: '/login/sms', cookie: cookies[i], form: `code=${codes[i]}` }) };
}

export const SCENARIOS: Readonly<Record<ScenarioId, Scenario>> = {
  a: {
    id: 'a',
    title: 'passport-local sign-in (baseline)',
    expectedStatus: 302,
    connections: 32,
    providerLatencyMs: 0,
    async prepare() {
      const body = (i: number) => new URLSearchParams(password(i % 10_000)).toString();
      return { request: (i) => ({ method: 'POST', path: '/login/password', form: body(i) }) };
    },
  },
  b: {
    id: 'b',
    title: 'passport-totp verify',
    expectedStatus: 302,
    connections: 32,
    providerLatencyMs: 0,
    async prepare(app, count) {
      const cookies = await sessionsAfterPassword(app, count, '/login/password', 302);
      return {
        available: count,
        request: (i) => ({ method: 'POST', path: '/login/totp', cookie: cookies[i], form: `code=${totpCode(benchUser(i).totpKey)}` }),
      };
    },
  },
  c: {
    id: 'c',
    title: 'SMS OTP prompt (send + render)',
    expectedStatus: 200,
    connections: 32,
    providerLatencyMs: 0,
    prepare: promptLoad,
  },
  d: {
    id: 'd',
    title: 'SMS OTP verify',
    expectedStatus: 302,
    connections: 32,
    providerLatencyMs: 0,
    prepare: verifyLoad,
  },
  dq: {
    id: 'dq',
    title: 'SMS OTP verify, with logger: false',
    expectedStatus: 302,
    connections: 32,
    providerLatencyMs: 0,
    logger: false,
    prepare: verifyLoad,
  },
  e: {
    id: 'e',
    title: 'SMS OTP prompt, provider takes 300 ms, 500 sign-ins at once',
    expectedStatus: 200,
    connections: 500,
    providerLatencyMs: 300,
    prepare: promptLoad,
  },
  f: {
    id: 'f',
    title: 'bare req.login on an existing session (the floor)',
    expectedStatus: 302,
    connections: 32,
    providerLatencyMs: 0,
    async prepare(app, count) {
      const cookies = await sessionsAfterPassword(app, count, '/login/floor/start', 303);
      return { available: count, request: (i) => ({ method: 'POST', path: '/login/floor', cookie: cookies[i], form: FORM_OF_A_VERIFY }) };
    },
  },
};
