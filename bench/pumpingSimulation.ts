import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { SmsOtpEvent, SmsOtpOptions } from '../lib';
import { CapturingProvider } from './CapturingProvider';
import { expectStatus, send, type LoopbackResponse } from './loopbackClient';
import { createPumpingApp, type SiteUser } from './pumpingApp';
import { SIMULATION_START, type AttackSession, type GenuineSignIn, type PumpingPlan } from './pumpingPlan';
import { SimulatedTime } from './simulatedTime';

/** One configuration of the site under the same traffic. */
export interface PumpingVariant {
  readonly name: string;
  /** The strategy's `tollFraud` option; unset: the defaults. */
  readonly tollFraud?: SmsOtpOptions['tollFraud'];
}

/** Who asked for a text. */
type Asker = 'attack' | 'genuine';

/** What one simulation measured. */
export interface PumpingOutcome {
  readonly variant: string;
  readonly attackAttempts: number;
  /** Texts that went to the attacked numbers. */
  readonly attackTexts: number;
  readonly genuineSignIns: number;
  /** Genuine sign-ins whose text was refused. */
  readonly genuineRefused: number;
  /** The same, by the country of the number. */
  readonly genuineRefusedByCountry: Readonly<Record<string, number>>;
  /** Genuine sign-ins that ended signed in with their code. */
  readonly genuineVerified: number;
  /** `send_refused` events by reason, for each kind of asker. */
  readonly refusals: Readonly<Record<Asker, Readonly<Record<string, number>>>>;
  /** `fraud_suspected` events (a pause or a velocity episode starting) by reason. */
  readonly pauses: Readonly<Record<string, number>>;
  /** The same, by group (`prefix +99890123`, `country UZ`). */
  readonly pausedGroups: Readonly<Record<string, number>>;
  /** HTTP requests the site answered. */
  readonly requests: number;
  /** Wall-clock seconds the simulation took. */
  readonly seconds: number;
}

/**
 * Runs the plan's sign-ins against a fresh site, through its real HTTP stack on 127.0.0.1, one
 * request at a time in the order of simulated time (the strategy's `clock`), and counts what was
 * texted to whom. Every send attempt is a real one: a sign-up or a password sign-in first, then the
 * number form, the prompt or a resend.
 */
export async function simulatePumping(plan: PumpingPlan, variant: PumpingVariant): Promise<PumpingOutcome> {
  const started = performance.now();
  const time = new SimulatedTime(SIMULATION_START);
  const provider = new CapturingProvider(0);
  const tally = new Tally();
  let asker: Asker = 'attack';
  const users: SiteUser[] = plan.genuine.map((signIn, i) => ({ id: `g${i}`, username: `genuine${i}`, password: `password-${i}`, mobile: signIn.mobile }));
  const app = createPumpingApp({ provider, users, tollFraud: variant.tollFraud, clock: () => time.now(), onEvent: (event) => tally.event(asker, event) });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;

  /** A browser (or a bot) at one address, keeping its session cookie. */
  const visitor = (ip: string, as: Asker) => {
    let cookie: string | undefined;
    return async (method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<LoopbackResponse> => {
      asker = as;
      const response = await send(port, method, path, { cookie, form, headers: { 'x-forwarded-for': ip } });
      tally.requests += 1;
      if (response.status >= 500) throw new Error(`${method} ${path}: HTTP ${response.status}`);
      if (response.cookie) cookie = response.cookie;
      return response;
    };
  };
  /** Whether `request` texted anything. */
  const texts = async (request: () => Promise<LoopbackResponse>): Promise<boolean> => {
    const before = provider.sends;
    await request();
    return provider.sends > before;
  };

  const pumper = async (session: AttackSession, n: number) => {
    const request = visitor(session.ip, 'attack');
    expectStatus('sign-up', await request('POST', '/signup', { username: `pumper${n}`, password: 'pumped' }), 303);
    // The redirect's page: the number form, which sends nothing.
    if (await texts(async () => expectStatus('number form', await request('GET', '/login/sms'), 200))) throw new Error('the number form sent a text');
    await time.sleep(session.formAfterMs);
    const sent = await texts(() => request('POST', '/login/sms', { mobile: session.mobile }));
    tally.attackText(sent);
    if (session.retryAfterMs === undefined) return;
    await time.sleep(session.retryAfterMs);
    tally.attackText(await texts(() => request('POST', '/login/sms', sent ? { resend: '1' } : { mobile: session.mobile })));
  };
  const genuine = async (signIn: GenuineSignIn, i: number) => {
    const request = visitor(signIn.ip, 'genuine');
    expectStatus('password sign-in', await request('POST', '/login', { username: `genuine${i}`, password: `password-${i}` }), 303);
    const sent = await texts(() => request('GET', '/login/sms'));
    if (!sent) tally.genuineRefused(signIn.country);
    if (!sent || signIn.typesCodeAfterMs === undefined) return;
    await time.sleep(signIn.typesCodeAfterMs);
    const code = provider.takeCode(signIn.mobile);
    if (!code) throw new Error('a genuine user got no code');
    const answer = await request('POST', '/login/sms', { code });
    expectStatus('code', answer, 302);
    if (answer.location === '/account') tally.genuineVerified += 1;
  };

  plan.attack.forEach((session, n) => time.spawn(session.at, () => pumper(session, n)));
  plan.genuine.forEach((signIn, i) => time.spawn(signIn.at, () => genuine(signIn, i)));
  try {
    await time.run();
  } finally {
    server.close();
  }
  return tally.outcome(variant.name, plan, (performance.now() - started) / 1000);
}

/** The counts of one simulation. */
class Tally {
  requests = 0;
  genuineVerified = 0;
  #attackTexts = 0;
  #attackAttempts = 0;
  readonly #genuineRefused = new Map<string, number>();
  readonly #refusals: Record<Asker, Map<string, number>> = { attack: new Map(), genuine: new Map() };
  readonly #pauses = new Map<string, number>();
  readonly #pausedGroups = new Map<string, number>();

  attackText(sent: boolean): void {
    this.#attackAttempts += 1;
    if (sent) this.#attackTexts += 1;
  }

  genuineRefused(country: string): void {
    add(this.#genuineRefused, country);
  }

  event(asker: Asker, event: SmsOtpEvent): void {
    if (event.type === 'send_refused') add(this.#refusals[asker], event.reason ?? 'unknown');
    if (event.type === 'fraud_suspected') {
      add(this.#pauses, event.reason ?? 'unknown');
      add(this.#pausedGroups, event.group ?? 'unknown');
    }
  }

  outcome(variant: string, plan: PumpingPlan, seconds: number): PumpingOutcome {
    if (this.#attackAttempts !== plan.attackAttempts) throw new Error(`the attack made ${this.#attackAttempts} attempts, the plan ${plan.attackAttempts}`);
    const refused = [...this.#genuineRefused.values()].reduce((sum, count) => sum + count, 0);
    return {
      variant,
      attackAttempts: this.#attackAttempts,
      attackTexts: this.#attackTexts,
      genuineSignIns: plan.genuine.length,
      genuineRefused: refused,
      genuineRefusedByCountry: Object.fromEntries(this.#genuineRefused),
      genuineVerified: this.genuineVerified,
      refusals: { attack: Object.fromEntries(this.#refusals.attack), genuine: Object.fromEntries(this.#refusals.genuine) },
      pauses: Object.fromEntries(this.#pauses),
      pausedGroups: Object.fromEntries(this.#pausedGroups),
      requests: this.requests,
      seconds,
    };
  }
}

function add(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
