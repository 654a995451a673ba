import type { Express } from 'express';
import request from 'supertest';
import type { SmsOtpEvent, SmsOtpOptions } from '../../lib';
import type { SharedState } from './backends';
import { alice, createTestApp, Outbox, type TestAppOptions, type TestUser } from './testApp';

/**
 * Two instances of one app behind an imaginary load balancer: they share the stores, the SMS
 * outbox, the events and the clock, and one browser's cookie goes to either.
 */
export class TwoInstances {
  readonly outbox = new Outbox();
  readonly events: SmsOtpEvent[] = [];
  readonly a: Express;
  readonly b: Express;
  /** The shared clock; move it forward to pass cooldowns. */
  now = Date.now();
  cookie = '';

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
  }

  /** A request to `app` with the browser's cookie; a new session cookie is kept. */
  async send(app: Express, method: 'get' | 'post', path: string, form?: Record<string, string>): Promise<request.Response> {
    let pending = request(app)[method](path).set('Cookie', this.cookie);
    if (form) pending = pending.type('form').send(form);
    const response = await pending;
    const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith('connect.sid='));
    if (cookie) this.cookie = cookie.split(';')[0];
    return response;
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
