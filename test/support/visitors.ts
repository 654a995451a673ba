import type { Express } from 'express';
import type { Response } from 'supertest';
import type { SmsOtpOptions } from '../../lib';
import { alice, bob, type TestUser } from './testApp';
import type { TwoInstances } from './twoInstances';

/** What the flow says when the number a verification relied on is no longer the user's (issue 16). */
export const NUMBER_CHANGED = 'The mobile number of this account changed. Please sign in again.';

/** What a verification answers to an action it does not accept (issue 16). */
export const REFUSED_ACTION = 'This page cannot do that. Please use the form on the page.';

/**
 * One browser in front of a `TwoInstances` pair: it keeps its own cookies (the session's and a
 * remembered device's), so several browsers can use one pair side by side.
 */
export class Visitor {
  readonly #cookies = new Map<string, string>();

  constructor(private readonly pair: TwoInstances) {}

  /** The `Cookie` header this browser sends. */
  get cookie(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** A request to `app` with this browser's cookies; the cookies it sets are kept. */
  async send(app: Express, method: 'get' | 'post', path: string, form?: Record<string, string>): Promise<Response> {
    const response = await this.pair.send(app, method, path, form, this.cookie);
    for (const header of ([] as string[]).concat(response.headers['set-cookie'] ?? [])) {
      const [pair, ...attributes] = header.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      if (attributes.some(isExpired)) this.#cookies.delete(name);
      else this.#cookies.set(name, pair.slice(name.length + 1));
    }
    return response;
  }

  /** The password step, then the prompt (which sends the first code, or shows the number form). */
  async passFirstFactor(user: TestUser, app: Express = this.pair.a): Promise<Response> {
    await this.send(app, 'post', '/login', { username: user.username, password: user.password });
    return this.send(app, 'get', '/login/sms');
  }

  /** Signs `user` in with the password and the code texted to their number. */
  async signIn(user: TestUser, app: Express = this.pair.a): Promise<void> {
    const prompt = await this.passFirstFactor(user, app);
    if (prompt.status !== 200) throw new Error(`the prompt answered ${prompt.status}`);
    const verified = await this.send(app, 'post', '/login/sms', { code: this.pair.outbox.latestCode() });
    if (verified.headers.location !== '/account') throw new Error(`the sign-in answered ${verified.status} ${verified.headers.location}`);
  }

  /** Who this browser is signed in as, or `null`. */
  async signedInAs(app: Express = this.pair.a): Promise<string | null> {
    const { body } = await this.send(app, 'get', '/whoami');
    return body.authenticated ? body.user : null;
  }

  /** The messages waiting in this browser's session (`session.messages`). */
  async sessionMessages(app: Express = this.pair.a): Promise<string[]> {
    return (await this.send(app, 'get', '/session-messages')).body;
  }
}

/** Whether a `Set-Cookie` attribute removes the cookie (`Max-Age=0`, or an `Expires` in the past). */
function isExpired(attribute: string): boolean {
  const [name, value = ''] = attribute.trim().split('=');
  if (name.toLowerCase() === 'max-age') return Number(value) <= 0;
  return name.toLowerCase() === 'expires' && Date.parse(value) <= Date.now();
}

/** Status and `Location` of a response, to compare with one `toEqual` (a failure shows both). */
export function redirectOf(response: Response): { status: number; location: string | undefined } {
  return { status: response.status, location: response.headers.location };
}

/**
 * Copies of alice and bob (a scenario may change their numbers) with an `enrollment` whose
 * `saveMobile` records every call and updates the user, as an app's database would.
 */
export function enrollingUsers(): { users: TestUser[]; saved: { userId: string; mobile: string }[]; enrollment: NonNullable<SmsOtpOptions['enrollment']> } {
  const users: TestUser[] = [{ ...alice }, { ...bob }];
  const saved: { userId: string; mobile: string }[] = [];
  const enrollment: NonNullable<SmsOtpOptions['enrollment']> = {
    saveMobile: (user, mobile) => {
      saved.push({ userId: (user as TestUser).id, mobile });
      (user as TestUser).mobile = mobile;
    },
  };
  return { users, saved, enrollment };
}
