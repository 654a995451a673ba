import { createHmac } from 'node:crypto';

/**
 * Turns a recovery code into what the app stores: an HMAC-SHA256 under the strategy's `secret`, hex.
 * An 80-bit code needs no salt of its own (no table of guesses can cover 2^80 codes), and the key
 * keeps a leaked table of hashes from being checked offline at all.
 */
export class RecoveryCodeHasher {
  readonly #key: Buffer;

  constructor(secret: string | Buffer) {
    this.#key = Buffer.from(secret);
  }

  /** The hash of a recovery code as `readRecoveryCode` gives it (no dashes, upper case). */
  hash(code: string): string {
    return createHmac('sha256', this.#key).update('recovery-code\0').update(code).digest('hex');
  }
}
