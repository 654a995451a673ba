/**
 * The Lua scripts behind `RedisOtpStore`. Redis runs each script alone, so each store method
 * is atomic across every app instance. A sign-in is one hash: `sends`, `lastSentAt`, `expiresAt`,
 * and, while a code is out, `hash`, `codeExpiresAt`, `attemptsLeft`. Times are the app's clock
 * (ARGV), so every backend follows the strategy's `clock`; PEXPIRE makes Redis drop the hash itself.
 */

import { createHash } from 'node:crypto';

/** A Lua script and its SHA1, so the client can send the short SHA1 once Redis holds the script. */
export interface Script {
  readonly source: string;
  readonly sha1: string;
}

function script(source: string): Script {
  return Object.freeze({ source, sha1: createHash('sha1').update(source).digest('hex') });
}

/** Drops the sign-in if its time is up by the app's clock. ARGV[1] is now. */
const DROP_LAPSED = `
local now = tonumber(ARGV[1])
local expiresAt = tonumber(redis.call('HGET', KEYS[1], 'expiresAt') or '0')
if expiresAt > 0 and expiresAt <= now then redis.call('DEL', KEYS[1]) end
`;

/** Creates the sign-in if it is not there. ARGV[2] is its time to live in milliseconds. */
const CREATE_MISSING = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  local ttl = tonumber(ARGV[2])
  redis.call('HSET', KEYS[1], 'sends', 0, 'lastSentAt', 0, 'expiresAt', now + ttl)
  redis.call('PEXPIRE', KEYS[1], ttl)
end
`;

/** ARGV: now, ttlMs, firstOnly (1/0), cooldownMs, maxSends. Returns {1, first, previousSentAt} or {0, reason, retryAfterMs}. */
export const RESERVE_SEND = script(`${DROP_LAPSED}${CREATE_MISSING}
local sends = tonumber(redis.call('HGET', KEYS[1], 'sends'))
local lastSentAt = tonumber(redis.call('HGET', KEYS[1], 'lastSentAt'))
local cooldown = tonumber(ARGV[4])
if ARGV[3] == '1' and sends > 0 then return {0, 'sent', 0} end
if sends >= tonumber(ARGV[5]) then return {0, 'limit', 0} end
if sends > 0 and lastSentAt + cooldown > now then return {0, 'cooldown', lastSentAt + cooldown - now} end
redis.call('HSET', KEYS[1], 'sends', sends + 1, 'lastSentAt', now)
return {1, sends == 0 and 1 or 0, lastSentAt}
`);

/** ARGV: previousSentAt. */
export const RELEASE_SEND = script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local sends = tonumber(redis.call('HGET', KEYS[1], 'sends'))
redis.call('HSET', KEYS[1], 'sends', math.max(0, sends - 1), 'lastSentAt', ARGV[1])
return 1
`);

/** ARGV: now, ttlMs, hash, codeExpiresAt, maxAttempts. */
export const SAVE_CODE = script(`${DROP_LAPSED}${CREATE_MISSING}
redis.call('HSET', KEYS[1], 'hash', ARGV[3], 'codeExpiresAt', ARGV[4], 'attemptsLeft', ARGV[5])
return 1
`);

/** ARGV: now. Returns {'ready', hash, attemptsLeft} or {status}. */
export const TAKE_ATTEMPT = script(`${DROP_LAPSED}
local code = redis.call('HMGET', KEYS[1], 'hash', 'codeExpiresAt', 'attemptsLeft')
if not code[1] then return {'none'} end
if tonumber(code[2]) <= now then return {'expired'} end
if tonumber(code[3]) <= 0 then return {'exhausted'} end
local left = redis.call('HINCRBY', KEYS[1], 'attemptsLeft', -1)
return {'ready', code[1], left}
`);

/** ARGV: hash. Ends the sign-in only if its code is still this one; 1 for exactly one caller. */
export const CONSUME_CODE = script(`
if redis.call('HGET', KEYS[1], 'hash') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`);

/** Read-only. Returns {sends, lastSentAt, hash or false, codeExpiresAt, attemptsLeft, expiresAt}. */
export const INSPECT = script(`
return redis.call('HMGET', KEYS[1], 'sends', 'lastSentAt', 'hash', 'codeExpiresAt', 'attemptsLeft', 'expiresAt')
`);

/** Deletes the sign-in. */
export const FORGET = script(`return redis.call('DEL', KEYS[1])`);
