import { createHmac } from 'node:crypto';

/** How many user pseudonyms are kept at most (a few hundred kilobytes), before starting afresh. */
const REMEMBERED_USERS = 10_000;

/**
 * Stands in for personal data in the store: an HMAC-SHA256 under the app's secret, so a Redis dump
 * or a MONITOR shows no user key, number or address, yet every instance derives the same names.
 * Each kind has its own domain, so a number never names the same thing as a user key.
 */
export class Pseudonyms {
  readonly #key: Buffer;
  readonly #users = new Map<string, string>();

  constructor(secret: string | Buffer) {
    this.#key = Buffer.from(secret);
  }

  /** The user's pseudonym, from their identity (the `userId` option). Asked on every request: recent ones are remembered. */
  user(userKey: string): string {
    let pseudonym = this.#users.get(userKey);
    if (pseudonym === undefined) {
      pseudonym = this.#of('user', userKey);
      if (this.#users.size >= REMEMBERED_USERS) this.#users.clear();
      this.#users.set(userKey, pseudonym);
    }
    return pseudonym;
  }

  /** A mobile number's pseudonym (E.164). */
  number(e164: string): string {
    return this.#of('number', e164);
  }

  /** A quota subject for a mobile number (E.164). */
  numberSubject(e164: string): string {
    return `n:${this.number(e164)}`;
  }

  /**
   * A remembered device's id, from the token in its cookie and the name of the strategy that
   * remembered it: another strategy (with other rules) derives another id, so it never trusts it.
   */
  device(strategyName: string, token: string): string {
    return this.#of('device', `${strategyName}\0${token}`);
  }

  /** A quota subject for a mobile number nobody has verified yet (E.164), apart from its owner's. */
  unverifiedNumberSubject(e164: string): string {
    return `v:${this.number(e164)}`;
  }

  /** A message id's pseudonym, from the provider that gave it (ids of two providers never meet). */
  message(provider: string, messageId: string): string {
    return this.#of('message', `${provider}\0${messageId}`);
  }

  /** A toll-fraud group of numbers that share a prefix (the E.164 number without its last 4 digits, such as `+1202200`). */
  prefixGroup(prefix: string): string {
    return `p:${this.#of('prefix', prefix)}`;
  }

  /** A toll-fraud group of the numbers of a country (an ISO code, or the calling code such as `+1` when the number has none). */
  countryGroup(country: string): string {
    return `c:${this.#of('country', country)}`;
  }

  /** A quota subject for a client address. */
  ipSubject(ip: string): string {
    return `i:${this.#of('ip', ip)}`;
  }

  #of(kind: string, value: string): string {
    // 128 bits: collisions are out of reach, and keys stay short.
    return createHmac('sha256', this.#key).update(kind).update('\0').update(value).digest('base64url').slice(0, 22);
  }
}
