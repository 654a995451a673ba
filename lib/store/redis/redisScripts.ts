/**
 * The Lua scripts behind `RedisOtpStore`. Redis runs each script alone, so each store method is
 * one atomic step across every app instance. Every key one script touches carries the same hash
 * tag (the user's pseudonym, or the quota's subject), so the scripts run on a Redis Cluster too.
 *
 * A sign-in is one hash: `expiresAt`, `sends`, `lastSentAt`, and while a code is out `hash`,
 * `codeExpiresAt`, `attemptsLeft`, and `delivery` once its message is tracked (plus `prev*`, the
 * code a failed send rolls back to, until it does); once it ended, only `ended` and `expiresAt`. The user's lock is a hash of `failures`, `windowEndsAt`,
 * `lockedUntil`, `consecutive`, `locks` and `held`, with no expiry (the consecutive failures stay
 * until a right code or an unlock); a quota a hash of `count` and `windowEndsAt`. Times are the app's clock (ARGV), so
 * every backend follows the strategy's `clock`; PEXPIRE only lets Redis drop what is over.
 */

import { createHash } from 'node:crypto';
import { DELIVERY_LIBRARY } from './deliveryLibrary';

/** A Lua script and its SHA1, so the client can send the short SHA1 once Redis holds the script. */
export interface Script {
  readonly source: string;
  readonly sha1: string;
}

/** Helpers every script may call. */
const LIBRARY = `
local function num(value) return tonumber(value) or 0 end

-- Whether the sign-in exists by the app's clock; a lapsed one is dropped (unless read-only).
local function live(key, now, readOnly)
  local expiresAt = num(redis.call('HGET', key, 'expiresAt'))
  if expiresAt > 0 and expiresAt <= now then
    if not readOnly then redis.call('DEL', key) end
    return false
  end
  return expiresAt > 0
end

-- Whether the user is held (too many consecutive failures) until a recovery code or an unlock.
local function held(key)
  return redis.call('HEXISTS', key, 'held') == 1
end

-- Milliseconds the user stays locked out, or 0.
local function lockedFor(key, now)
  local lockedUntil = num(redis.call('HGET', key, 'lockedUntil'))
  if lockedUntil > now then return lockedUntil - now end
  return 0
end

-- Forgets the user's failures, lock and hold: 'hold', 'lock' (one running now) or 'nothing' released.
local function release(key, now)
  local released = 'nothing'
  if held(key) then released = 'hold' elseif lockedFor(key, now) > 0 then released = 'lock' end
  redis.call('DEL', key)
  return released
end

-- Takes one point from a fixed-window quota: 0 when granted, else the milliseconds to wait.
local function takeQuota(key, now, max, windowMs)
  local quota = redis.call('HMGET', key, 'count', 'windowEndsAt')
  local count, windowEndsAt = num(quota[1]), num(quota[2])
  if windowEndsAt <= now then count, windowEndsAt = 0, now + windowMs end
  if count >= max then return windowEndsAt - now end
  redis.call('HSET', key, 'count', count + 1, 'windowEndsAt', windowEndsAt)
  redis.call('PEXPIRE', key, windowEndsAt - now)
  return 0
end

-- Gives a point back to the quota's current window.
local function returnQuota(key, now)
  local quota = redis.call('HMGET', key, 'count', 'windowEndsAt')
  if num(quota[2]) > now and num(quota[1]) > 0 then redis.call('HINCRBY', key, 'count', -1) end
end

-- Replaces the sign-in with the marker that it ended, kept for ttl.
local function endSignIn(key, now, ttl)
  redis.call('DEL', key)
  redis.call('HSET', key, 'ended', 1, 'expiresAt', now + ttl)
  redis.call('PEXPIRE', key, ttl)
end
`;

/** A script of `body` with every helper. */
export function script(body: string): Script {
  const source = `${LIBRARY}${DELIVERY_LIBRARY}${body}`;
  return Object.freeze({ source, sha1: createHash('sha1').update(source).digest('hex') });
}

/**
 * KEYS: sign-in, lock, user quota. ARGV: now, ttlMs, firstOnly (1/0), cooldownMs, maxSends, hash,
 * codeExpiresAt, maxAttempts, userQuotaMax (0: off), userQuotaWindowMs.
 * Returns {1, first (1/0)} or {0, reason, retryAfterMs}.
 */
export const RESERVE_SEND = script(`
local now = tonumber(ARGV[1])
local exists = live(KEYS[1], now, false)
if exists and redis.call('HEXISTS', KEYS[1], 'ended') == 1 then return {0, 'ended', 0} end
if held(KEYS[2]) then return {0, 'held', 0} end
local locked = lockedFor(KEYS[2], now)
if locked > 0 then return {0, 'locked', locked} end
local state = redis.call('HMGET', KEYS[1], 'sends', 'lastSentAt', 'hash', 'codeExpiresAt', 'attemptsLeft', 'delivery')
local sends, lastSentAt, cooldown = num(state[1]), num(state[2]), tonumber(ARGV[4])
if ARGV[3] == '1' and sends > 0 then return {0, 'sent', 0} end
if sends >= tonumber(ARGV[5]) then return {0, 'limit', 0} end
-- A receipt that the current code's message failed waives the cooldown, and nothing else.
if sends > 0 and lastSentAt + cooldown > now and not deliveryFailed(state[6]) then return {0, 'cooldown', lastSentAt + cooldown - now} end
local quotaMax = tonumber(ARGV[9])
if quotaMax > 0 then
  local wait = takeQuota(KEYS[3], now, quotaMax, tonumber(ARGV[10]))
  if wait > 0 then return {0, 'quota_user', wait} end
end
if not exists then
  redis.call('HSET', KEYS[1], 'expiresAt', now + tonumber(ARGV[2]))
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
end
redis.call('HSET', KEYS[1], 'sends', sends + 1, 'lastSentAt', now,
  'prevSentAt', lastSentAt, 'prevHash', state[3] or '', 'prevCodeExpiresAt', num(state[4]), 'prevAttemptsLeft', num(state[5]),
  'prevDelivery', state[6] or '', 'hash', ARGV[6], 'codeExpiresAt', ARGV[7], 'attemptsLeft', ARGV[8])
-- The new code has no delivery until its message is tracked.
redis.call('HDEL', KEYS[1], 'delivery')
if sends == 0 then return {1, 1} end
return {1, 0}
`);

/** KEYS: sign-in, user quota. ARGV: now, hash, refundUserQuota (1/0). */
export const RELEASE_SEND = script(`
local now = tonumber(ARGV[1])
if ARGV[3] == '1' then returnQuota(KEYS[2], now) end
if not live(KEYS[1], now, false) or redis.call('HEXISTS', KEYS[1], 'ended') == 1 then return 0 end
local state = redis.call('HMGET', KEYS[1], 'sends', 'hash', 'prevSentAt', 'prevHash', 'prevCodeExpiresAt', 'prevAttemptsLeft', 'prevDelivery')
redis.call('HSET', KEYS[1], 'sends', math.max(0, num(state[1]) - 1))
-- A later send replaced this code already, or it was rolled back once: only the count goes back.
if state[2] ~= ARGV[2] or not state[3] then return 1 end
redis.call('HSET', KEYS[1], 'lastSentAt', num(state[3]))
if state[4] and state[4] ~= '' then
  redis.call('HSET', KEYS[1], 'hash', state[4], 'codeExpiresAt', state[5], 'attemptsLeft', state[6])
else
  redis.call('HDEL', KEYS[1], 'hash', 'codeExpiresAt', 'attemptsLeft')
end
-- The previous code comes back with its message's delivery (the released send was never tracked).
if state[7] and state[7] ~= '' then redis.call('HSET', KEYS[1], 'delivery', state[7]) else redis.call('HDEL', KEYS[1], 'delivery') end
redis.call('HDEL', KEYS[1], 'prevSentAt', 'prevHash', 'prevCodeExpiresAt', 'prevAttemptsLeft', 'prevDelivery')
return 1
`);

/** KEYS: quota. ARGV: now, max, windowMs. Returns {1} or {0, retryAfterMs}. */
export const TAKE_QUOTA = script(`
local wait = takeQuota(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
if wait > 0 then return {0, wait} end
return {1}
`);

/** KEYS: quota. ARGV: now. */
export const RETURN_QUOTA = script(`
returnQuota(KEYS[1], tonumber(ARGV[1]))
return 1
`);

/**
 * KEYS: sign-in, lock. ARGV: now, hash, maxFailures, lockMs, failureWindowMs, endedTtlMs,
 * maxConsecutiveFailures, maxLockMs. Returns {'verified'}, {'wrong', attemptsLeft, lockedForMs,
 * held (1/0)}, {'locked', retryAfterMs} or {status}.
 */
export const VERIFY = script(`
local now = tonumber(ARGV[1])
local exists = live(KEYS[1], now, false)
if exists and redis.call('HEXISTS', KEYS[1], 'ended') == 1 then return {'ended'} end
if held(KEYS[2]) then return {'held'} end
local locked = lockedFor(KEYS[2], now)
if locked > 0 then return {'locked', locked} end
if not exists then return {'none'} end
local code = redis.call('HMGET', KEYS[1], 'hash', 'codeExpiresAt', 'attemptsLeft')
if not code[1] then return {'none'} end
if tonumber(code[2]) <= now then return {'expired'} end
if tonumber(code[3]) <= 0 then return {'exhausted'} end
local left = redis.call('HINCRBY', KEYS[1], 'attemptsLeft', -1)
-- Comparing two HMACs tells nothing about the code, so a plain comparison is safe here.
if code[1] == ARGV[2] then
  endSignIn(KEYS[1], now, tonumber(ARGV[6]))
  redis.call('DEL', KEYS[2])
  return {'verified'}
end
-- The lock key has no expiry: the consecutive failures stay until a right code or an unlock.
redis.call('PERSIST', KEYS[2])
local consecutive = redis.call('HINCRBY', KEYS[2], 'consecutive', 1)
if consecutive >= tonumber(ARGV[7]) then
  redis.call('HSET', KEYS[2], 'held', 1, 'failures', 0, 'windowEndsAt', 0, 'lockedUntil', 0)
  return {'wrong', left, 0, 1}
end
local lock = redis.call('HMGET', KEYS[2], 'failures', 'windowEndsAt', 'locks')
local failures, windowEndsAt, locks = num(lock[1]), num(lock[2]), num(lock[3])
if windowEndsAt <= now then failures, windowEndsAt = 0, now + tonumber(ARGV[5]) end
failures = failures + 1
if failures >= tonumber(ARGV[3]) then
  local lockMs = math.min(tonumber(ARGV[4]) * 2 ^ locks, tonumber(ARGV[8]))
  redis.call('HSET', KEYS[2], 'failures', 0, 'windowEndsAt', 0, 'lockedUntil', now + lockMs, 'locks', locks + 1)
  return {'wrong', left, lockMs, 0}
end
redis.call('HSET', KEYS[2], 'failures', failures, 'windowEndsAt', windowEndsAt)
return {'wrong', left, 0, 0}
`);

/**
 * Read-only. KEYS: sign-in, lock. ARGV: now.
 * Returns {ended (1/0), sends, lastSentAt, codeUsable (1/0), attemptsLeft, lockedForMs, held (1/0)},
 * followed by the current code's delivery (`deliveryFields`) when it is tracked.
 */
export const INSPECT = script(`
local now = tonumber(ARGV[1])
local locked = lockedFor(KEYS[2], now)
local isHeld = 0
if held(KEYS[2]) then isHeld = 1 end
if not live(KEYS[1], now, true) then return {0, 0, 0, 0, 0, locked, isHeld} end
local state = redis.call('HMGET', KEYS[1], 'ended', 'sends', 'lastSentAt', 'hash', 'codeExpiresAt', 'attemptsLeft', 'delivery')
if state[1] then return {1, 0, 0, 0, 0, locked, isHeld} end
local delivery = {}
if state[7] then delivery = deliveryFields(cjson.decode(state[7])) end
local usable = state[4] and num(state[5]) > now and num(state[6]) > 0
if usable then return {0, num(state[2]), num(state[3]), 1, num(state[6]), locked, isHeld, unpack(delivery)} end
return {0, num(state[2]), num(state[3]), 0, 0, locked, isHeld, unpack(delivery)}
`);

/** KEYS: sign-in. ARGV: now, ttlMs. */
export const END = script(`
endSignIn(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]))
return 1
`);

/** KEYS: lock. ARGV: now. Returns 'hold', 'lock' or 'nothing': what it released. */
export const UNLOCK = script(`
return release(KEYS[1], tonumber(ARGV[1]))
`);

/**
 * KEYS: sign-in, the user's recovery tries. ARGV: now, max, windowMs.
 * Returns {1}, {0, 'ended'} or {0, 'limit', retryAfterMs}.
 */
export const TAKE_RECOVERY_ATTEMPT = script(`
local now = tonumber(ARGV[1])
if live(KEYS[1], now, false) and redis.call('HEXISTS', KEYS[1], 'ended') == 1 then return {0, 'ended'} end
local wait = takeQuota(KEYS[2], now, tonumber(ARGV[2]), tonumber(ARGV[3]))
if wait > 0 then return {0, 'limit', wait} end
return {1}
`);

/**
 * KEYS: sign-in, lock, the user's recovery tries. ARGV: now, endedTtlMs.
 * Returns {'ended'} or {'verified', released}.
 */
export const RECOVERY_CODE_USED = script(`
local now = tonumber(ARGV[1])
if live(KEYS[1], now, false) and redis.call('HEXISTS', KEYS[1], 'ended') == 1 then return {'ended'} end
returnQuota(KEYS[3], now)
endSignIn(KEYS[1], now, tonumber(ARGV[2]))
return {'verified', release(KEYS[2], now)}
`);
