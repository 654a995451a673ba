import type { Express } from 'express';
import { createServer, type Server } from 'node:http';
import request from 'supertest';
import type { SmsOtpEvent, SmsOtpOptions } from '../../lib';
import type { SharedState } from './backends';
import { alice, createTestApp, Outbox, type TestAppOptions, type TestUser } from './testApp';

/** Every server the instances listen on, closed by `closeAllInstances`. */
const servers = new Set<Server>();

/** Closes the servers of every `TwoInstances` made so far (call it in `afterAll`). */
export async function closeAllInstances(): Promise<void> {
  const closing = [...servers].map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
  servers.clear();
  await Promise.all(closing);
}

/**
 * Two instances of one app behind an imaginary load balancer: they share the stores, the SMS
 * outbox, the events and the clock, and one browser's cookie goes to either. Each instance
 * listens on its own port, as in production, so parallel requests race through real sockets.
 */
export class TwoInstances {
  readonly outbox = new Outbox();
  readonly events: SmsOtpEvent[] = [];
  readonly a: Express;
  readonly b: Express;
  /** The shared clock; move it forward to pass cooldowns. */
  now = Date.now();
  cookie = '';
  readonly #servers = new Map<Express, Server>();

  constructor(state: SharedState, strategy: SmsOtpOptions = {}, options: Omit<TestAppOptions, 'strategy'> = {}) {
    const build = () =>
      createTestApp({
        outbox: this.outbox,
        sessionStore: state.sessionStore,
        verifyOptions: { successRedirect: '/account' },
        ...options,
        strategy: { store: state.otpStore, clock: () => this.now, onEvent: (event) => void this.events.push(event), ...strategy },
      }).app;
    this.a = build();
    this.b = build();
    for (const app of [this.a, this.b]) {
      const server = createServer(app).listen(0, '127.0.0.1');
      servers.add(server);
      this.#servers.set(app, server);
    }
  }

  /** A request to `app` with the browser's cookie (or `cookie`); a new session cookie is kept. */
  async send(app: Express, method: 'get' | 'post', path: string, form?: Record<string, string>, cookie = this.cookie): Promise<request.Response> {
    const server = this.#servers.get(app) as Server;
    if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
    let pending = request(server)[method](path).set('Cookie', cookie);
    if (form) pending = pending.type('form').send(form);
    const response = await pending;
    const newCookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith('connect.sid='));
    if (newCookie) this.cookie = newCookie.split(';')[0];
    return response;
  }

  /** A request that is not the browser's (a provider's webhook): no cookie, its own headers; cookies it gets are not kept. */
  async webhook(app: Express, path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<request.Response> {
    const server = this.#servers.get(app) as Server;
    if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
    return request(server).post(path).set(headers).type('form').send(form);
  }

  /** Where `app` listens, such as `http://127.0.0.1:41234`. */
  async origin(app: Express): Promise<string> {
    const server = this.#servers.get(app) as Server;
    if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    return `http://127.0.0.1:${port}`;
  }

  /** The prompt's state as its script asks for it, with the browser's cookie. */
  async poll(app: Express, path = '/login/sms'): Promise<request.Response> {
    const server = this.#servers.get(app) as Server;
    if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
    return request(server).get(path).set('Cookie', this.cookie).set('Accept', 'application/json');
  }

  /** The password step through A, then the prompt through A (which sends the first code). */
  async passFirstFactor(user: TestUser = alice): Promise<request.Response> {
    await this.send(this.a, 'post', '/login', { username: user.username, password: user.password });
    return this.send(this.a, 'get', '/login/sms');
  }

  /** Events of one type (and reason). */
  eventsOf(type: SmsOtpEvent['type'], reason?: string): SmsOtpEvent[] {
    return this.events.filter((event) => event.type === type && (reason === undefined || event.reason === reason));
  }
}

/** A wrong code of the right shape. */
export function wrongCode(code: string): string {
  return code === '000000' ? '111111' : '000000';
}
