import { createHmac } from 'node:crypto';

/**
 * Keeps codes only as an HMAC-SHA256 under the app's secret, bound to one sign-in. Only HMACs
 * are ever compared (by the store, in the same step that takes the attempt).
 */
export class CodeHasher {
  readonly #key: Buffer;

  constructor(secret: string | Buffer) {
    this.#key = Buffer.from(secret);
  }

  /**
   * The HMAC of `code` for the sign-in `challengeId`, base64url. A code sent to a number being
   * verified is bound to it (`recipient`), so it can only confirm the number it was sent to.
   */
  hash(challengeId: string, code: string, recipient = ''): string {
    return createHmac('sha256', this.#key).update(challengeId).update('\0').update(recipient).update('\0').update(code).digest('base64url');
  }
}
