import { InvalidOptionError } from '../errors';
import { nodeCallback } from '../http/nodeCallback';
import type { Settings } from '../config/resolveSettings';
import type { PendingUser } from './PendingVerification';

/** The `userId` option, or the default when it is not set. */
export type UserIdOf = (user: unknown, serialized: unknown) => string;

/**
 * Who `user` is to this package: the app's `serializeUser` form (kept in the session to find the
 * user again) and their identity (the key of their limits, devices and events).
 *
 * @throws {InvalidOptionError} when no identity can be derived (see the `userId` option).
 */
export async function identifyUser(settings: Pick<Settings, 'serializer' | 'userId'>, user: unknown, req: unknown): Promise<PendingUser> {
  const serialized = await nodeCallback<unknown>((done) => settings.serializer.serializeUser(user, req, done));
  return { serialized, userKey: settings.userId(user, serialized) };
}

/** Wraps the app's `userId(user)`: its answer must be a non-empty string. */
export function userIdOption(userId: (user: never) => unknown): UserIdOf {
  return (user) => {
    const id = userId(user as never);
    if (typeof id === 'string' && id !== '') return id;
    throw new InvalidOptionError('userId', 'a function returning a non-empty string for every user', describe(id));
  };
}

/**
 * The default identity: the serialized user when `serializeUser` gives a string or a number, else its
 * `id` field when that is one. Anything else (a whole user record, whose fields change between
 * sign-ins) would give one user several identities, and so several sets of limits.
 */
export const defaultUserId: UserIdOf = (_user, serialized) => {
  const id = isKey(serialized) ? serialized : (serialized as { id?: unknown } | null | undefined)?.id;
  if (isKey(id)) return String(id);
  throw new InvalidOptionError(
    'userId',
    'set to a function (user) => string when serializeUser gives neither a string, a number nor an object with a string or number "id"',
    describe(serialized),
  );
};

function isKey(value: unknown): value is string | number {
  return (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value));
}

/** What was received, without quoting it (a user record may hold personal data). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object without such an "id"';
  if (typeof value === 'string') return 'an empty string';
  return typeof value;
}
