import type { RecoveryCodesOptions } from '../../lib';
import { RecoveryCodeHasher } from '../../lib/recovery/RecoveryCodeHasher';
import { TEST_SECRET, type TestUser } from './testApp';

/**
 * The test app's table of recovery code hashes, as an app's database keeps them: `save` replaces a
 * user's set, `consume` deletes one hash and says whether it was there (atomic, as a
 * `DELETE … WHERE user_id = $1 AND hash = $2` with its row count), `count` counts what is left.
 * It records every hash it was given, so a test can check no code arrived in clear.
 */
export class RecoveryBook {
  readonly #hashes = new Map<string, Set<string>>();
  /** Every set `save` received, oldest first. */
  readonly saved: { userId: string; hashes: readonly string[] }[] = [];
  /** Every hash `consume` was asked about. */
  readonly consumed: string[] = [];

  /** The strategy's `recoveryCodes` option over this table. */
  options(extra: Partial<RecoveryCodesOptions<TestUser>> = {}): RecoveryCodesOptions<TestUser> {
    return {
      save: async (user, hashes) => {
        await pause();
        this.saved.push({ userId: user.id, hashes });
        this.#hashes.set(user.id, new Set(hashes));
      },
      consume: async (user, hash) => {
        this.consumed.push(hash);
        await pause();
        return this.#hashes.get(user.id)?.delete(hash) ?? false;
      },
      count: async (user) => {
        await pause();
        return this.#hashes.get(user.id)?.size ?? 0;
      },
      ...extra,
    };
  }

  /** Gives a user these codes (as typed: dashes and case do not matter), as if they had created them. */
  seed(userId: string, codes: readonly string[]): void {
    const hasher = new RecoveryCodeHasher(TEST_SECRET);
    this.#hashes.set(userId, new Set(codes.map((code) => hasher.hash(code.replace(/[\s-]/g, '').toUpperCase()))));
  }

  /** How many codes the user has left. */
  left(userId: string): number {
    return this.#hashes.get(userId)?.size ?? 0;
  }
}

/** A database answers on a later turn: parallel requests interleave around each call. */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
