import { randomBytes, scrypt, timingSafeEqual, type BinaryLike } from 'node:crypto';

/** A user of the example app. A real app keeps these in its database. */
export interface DemoUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  /** E.164, as the strategy's enrollment saves it; absent until the user adds one. */
  readonly mobile?: string;
  readonly passwordHash: string;
  /** The hashes of the user's recovery codes not used yet (HMACs from the strategy, never a code in clear). */
  readonly recoveryCodeHashes: readonly string[];
}

/** The demo sign-ins, shown on the sign-in page in development. */
export const DEMO_CREDENTIALS = [
  { username: 'alice', password: 'correct-horse', note: 'has a mobile number: gets a code' },
  { username: 'bob', password: 'correct-horse', note: 'has no mobile number: adds one' },
] as const;

const KEY_LENGTH = 64;

function scryptAsync(password: BinaryLike, salt: BinaryLike): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Hashes a password with scrypt and a random salt, as `scrypt$<salt>$<key>` (hex). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt);
  return `scrypt$${salt.toString('hex')}$${key.toString('hex')}`;
}

/** Whether `password` matches a hash from `hashPassword`, compared in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'hex');
  const actual = await scryptAsync(password, Buffer.from(salt, 'hex'));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * The user directory: looks users up by name for the password step and by id for the session, and
 * keeps the mobile number each user verified and the hashes of their recovery codes. A user record
 * never changes: a new number or a new set of codes replaces the record, so a request holding the
 * old one sees a consistent user.
 */
export class UserDirectory {
  private constructor(private users: readonly DemoUser[]) {}

  /** The demo users, with their passwords hashed at start-up (never stored in clear). */
  static async demo(): Promise<UserDirectory> {
    const [alice, bob] = await Promise.all(DEMO_CREDENTIALS.map((credential) => hashPassword(credential.password)));
    return new UserDirectory([
      { id: 'u-alice', username: 'alice', displayName: 'Alice Example', mobile: '+15555550100', passwordHash: alice, recoveryCodeHashes: [] },
      { id: 'u-bob', username: 'bob', displayName: 'Bob Example', passwordHash: bob, recoveryCodeHashes: [] },
    ]);
  }

  byId(id: unknown): DemoUser | undefined {
    return this.users.find((user) => user.id === id);
  }

  /** Saves a number the user verified (E.164). */
  saveMobile(id: string, mobile: string): void {
    this.replace(id, 'a mobile number', (user) => ({ ...user, mobile }));
  }

  /*
   * The recovery codes' hashes, for the strategy's `recoveryCodes` option. A real app keeps them in
   * a table of its own user database, one row per code, such as (PostgreSQL, node-postgres):
   *
   *   CREATE TABLE recovery_codes (
   *     user_id   text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
   *     code_hash text NOT NULL,
   *     PRIMARY KEY (user_id, code_hash)
   *   );
   *
   *   save:    BEGIN; DELETE FROM recovery_codes WHERE user_id = $1;
   *            INSERT INTO recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[]); COMMIT;
   *   consume: const { rowCount } = await db.query('DELETE FROM recovery_codes WHERE user_id = $1 AND code_hash = $2', [user.id, hash]);
   *            return rowCount === 1;
   *   count:   SELECT count(*) FROM recovery_codes WHERE user_id = $1
   *
   * consume is one DELETE whose row count answers: of two requests with the same code, only the one
   * that deleted the row gets true. A SELECT then a DELETE would let both through.
   */

  /** Replaces the user's whole set of recovery codes with these hashes. */
  saveRecoveryCodes(id: string, hashes: readonly string[]): void {
    this.replace(id, 'recovery codes', (user) => ({ ...user, recoveryCodeHashes: [...hashes] }));
  }

  /**
   * Removes one recovery code's hash from the user's set; `true` only if it was there. Atomic as the
   * DELETE above is: nothing is awaited between the check and the removal, so of two requests with
   * the same code only one finds it.
   */
  consumeRecoveryCode(id: string, hash: string): boolean {
    const user = this.byId(id);
    if (!user?.recoveryCodeHashes.includes(hash)) return false;
    this.replace(id, 'recovery codes', (current) => ({ ...current, recoveryCodeHashes: current.recoveryCodeHashes.filter((kept) => kept !== hash) }));
    return true;
  }

  /** How many recovery codes the user has left (0 for an unknown user). */
  recoveryCodesLeft(id: string): number {
    return this.byId(id)?.recoveryCodeHashes.length ?? 0;
  }

  /** Whether a number (E.164) is free for this user: no other user has it. */
  mobileIsFreeFor(mobile: string, id: string): boolean {
    return !this.users.some((user) => user.mobile === mobile && user.id !== id);
  }

  /** The user with this name and password, or `undefined`. Unknown names cost a hash too, so timing does not tell them apart. */
  async authenticate(username: string, password: string): Promise<DemoUser | undefined> {
    const user = this.users.find((candidate) => candidate.username === username);
    const matches = await verifyPassword(password, user?.passwordHash ?? this.users[0].passwordHash);
    return user && matches ? user : undefined;
  }

  /** Puts a changed record in place of the user's (a request holding the old one keeps a consistent user). */
  private replace(id: string, what: string, change: (user: DemoUser) => DemoUser): void {
    if (!this.byId(id)) throw new Error(`No user ${id} to save ${what} for.`);
    this.users = this.users.map((user) => (user.id === id ? change(user) : user));
  }
}
