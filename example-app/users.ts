import { randomBytes, scrypt, timingSafeEqual, type BinaryLike } from 'node:crypto';

/** A user of the example app. A real app keeps these in its database. */
export interface DemoUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  /** E.164, as the strategy's enrollment saves it; absent until the user adds one. */
  readonly mobile?: string;
  readonly passwordHash: string;
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
 * keeps the mobile number each user verified. A user record never changes: a new number replaces
 * the record, so a request holding the old one sees a consistent user.
 */
export class UserDirectory {
  private constructor(private users: readonly DemoUser[]) {}

  /** The demo users, with their passwords hashed at start-up (never stored in clear). */
  static async demo(): Promise<UserDirectory> {
    const [alice, bob] = await Promise.all(DEMO_CREDENTIALS.map((credential) => hashPassword(credential.password)));
    return new UserDirectory([
      { id: 'u-alice', username: 'alice', displayName: 'Alice Example', mobile: '+15555550100', passwordHash: alice },
      { id: 'u-bob', username: 'bob', displayName: 'Bob Example', passwordHash: bob },
    ]);
  }

  byId(id: unknown): DemoUser | undefined {
    return this.users.find((user) => user.id === id);
  }

  /** Saves a number the user verified (E.164). */
  saveMobile(id: string, mobile: string): void {
    if (!this.byId(id)) throw new Error(`No user ${id} to save a mobile number for.`);
    this.users = this.users.map((user) => (user.id === id ? { ...user, mobile } : user));
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
}
