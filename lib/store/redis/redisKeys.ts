import type { ChallengeRef } from '../OtpStore';

/**
 * Where `RedisOtpStore` keeps things. Names hold only pseudonyms and random ids, never a number,
 * a user key or an address. The `{…}` hash tag puts a user's sign-ins, lock and quota in one
 * cluster slot (one script may touch them together); each quota subject and each message id gets
 * a slot of its own.
 *
 * - `<prefix>{u:<user>}:c:<challengeId>`: one sign-in (or the marker that it ended)
 * - `<prefix>{u:<user>}:lock`: the user's wrong codes, lock and hold
 * - `<prefix>{u:<user>}:recovery`: the user's tries at recovery codes
 * - `<prefix>{u:<user>}:quota`: the user's send quota
 * - `<prefix>{u:<user>}:devices`: the user's remembered devices
 * - `<prefix>{<subject>}:quota`: another quota, such as `{n:<number>}` or `{i:<address>}`
 * - `<prefix>{m:<messageId>}:message`: the sign-in whose code a message (one part) carried
 * - `<prefix>{<group>}:group`: a group of numbers' sends, verified codes and pause (toll fraud), such as `{p:<prefix>}` or `{c:<country>}`
 */
export class RedisKeys {
  constructor(private readonly prefix: string) {}

  signIn(ref: ChallengeRef): string {
    return `${this.prefix}{u:${ref.userId}}:c:${ref.challengeId}`;
  }

  lock(ref: ChallengeRef): string {
    return this.lockOf(ref.userId);
  }

  userQuota(ref: ChallengeRef): string {
    return `${this.prefix}{u:${ref.userId}}:quota`;
  }

  recoveryAttempts(ref: ChallengeRef): string {
    return `${this.prefix}{u:${ref.userId}}:recovery`;
  }

  /** The lock of a user named by pseudonym alone. */
  lockOf(userId: string): string {
    return `${this.prefix}{u:${userId}}:lock`;
  }

  devices(userId: string): string {
    return `${this.prefix}{u:${userId}}:devices`;
  }

  quota(subject: string): string {
    return `${this.prefix}{${subject}}:quota`;
  }

  /** A group of numbers (its pseudonym with its kind, `p:…` or `c:…`). */
  group(group: string): string {
    return `${this.prefix}{${group}}:group`;
  }

  /** Where a message id (its pseudonym) leads. */
  message(messageId: string): string {
    return `${this.prefix}{m:${messageId}}:message`;
  }
}
