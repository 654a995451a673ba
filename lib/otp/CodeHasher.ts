import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Keeps codes only as an HMAC-SHA256 under the app's secret, bound to one sign-in,
 * and compares them in constant time.
 */
export class CodeHasher {
  readonly #key: Buffer;

  constructor(secret: string | Buffer) {
    this.#key = Buffer.from(secret);
  }

  /** The HMAC of `code` for the sign-in `challengeId`, base64url. */
  hash(challengeId: string, code: string): string {
    return createHmac('sha256', this.#key).update(challengeId).update('\0').update(code).digest('base64url');
  }

  /** Whether two HMACs are equal, taking the same time whatever they hold. */
  matches(expectedHash: string, actualHash: string): boolean {
    const expected = Buffer.from(expectedHash, 'base64url');
    const actual = Buffer.from(actualHash, 'base64url');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
