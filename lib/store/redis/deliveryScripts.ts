/**
 * The scripts of delivery receipts. A code's delivery lives in its sign-in's hash (it expires, ends
 * and rolls back with it); each message id has a hash of its own naming the sign-in, kept for the
 * sign-in's time to live. On a cluster a message id's key is in a slot of its own, apart from the
 * user's, so a receipt takes two scripts: `FIND_MESSAGE`, then `RECORD_RECEIPT` on the sign-in,
 * which checks again that the message carried the current code and decides the rest in one step.
 */

import { script } from './redisScripts';

/**
 * KEYS: sign-in. ARGV: now, hash, provider, channel, purpose, then each part's message id.
 * Returns 1 when the code is the sign-in's current one and its delivery was recorded, else 0.
 */
export const TRACK_DELIVERY = script(`
local now = tonumber(ARGV[1])
if not live(KEYS[1], now, false) or redis.call('HEXISTS', KEYS[1], 'ended') == 1 then return 0 end
if redis.call('HGET', KEYS[1], 'hash') ~= ARGV[2] then return 0 end
local parts, seen = {}, {}
for i = 6, #ARGV do
  if not seen[ARGV[i]] then
    seen[ARGV[i]] = true
    table.insert(parts, { id = ARGV[i], state = 'accepted', code = '', fault = '' })
  end
end
redis.call('HSET', KEYS[1], 'delivery', cjson.encode({ provider = ARGV[3], channel = ARGV[4], purpose = ARGV[5], sentAt = ARGV[1], parts = parts }))
return 1
`);

/** KEYS: message. ARGV: challengeId, userId, hash, expiresAt, ttlMs. */
export const INDEX_MESSAGE = script(`
redis.call('HSET', KEYS[1], 'challengeId', ARGV[1], 'userId', ARGV[2], 'hash', ARGV[3], 'expiresAt', ARGV[4])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[5]))
return 1
`);

/** Read-only. KEYS: message. ARGV: now. Returns {challengeId, userId, hash}, or {} when no sign-in tracked it (or it lapsed). */
export const FIND_MESSAGE = script(`
local message = redis.call('HMGET', KEYS[1], 'challengeId', 'userId', 'hash', 'expiresAt')
if not message[1] or num(message[4]) <= tonumber(ARGV[1]) then return {} end
return {message[1], message[2], message[3]}
`);

/**
 * KEYS: sign-in. ARGV: now, hash, messageId, state, code, fault.
 * Returns {'ended'}, or {'recorded', changed (1/0), ...deliveryFields}.
 */
export const RECORD_RECEIPT = script(`
local now = tonumber(ARGV[1])
if not live(KEYS[1], now, false) then return {'ended'} end
local signIn = redis.call('HMGET', KEYS[1], 'ended', 'hash', 'delivery')
-- A sign-in that ended, or a message of a code that a later send replaced: nothing to change.
if signIn[1] or signIn[2] ~= ARGV[2] or not signIn[3] then return {'ended'} end
local delivery = cjson.decode(signIn[3])
local part
for _, each in ipairs(delivery.parts) do
  if each.id == ARGV[3] then part = each end
end
if not part then return {'ended'} end
local before = deliveryState(delivery)
if PROGRESS[ARGV[4]] > PROGRESS[part.state] then
  part.state, part.code, part.fault = ARGV[4], ARGV[5], ARGV[6]
  redis.call('HSET', KEYS[1], 'delivery', cjson.encode(delivery))
end
local fields = deliveryFields(delivery)
local changed = 0
if fields[1] ~= before then changed = 1 end
return {'recorded', changed, unpack(fields)}
`);
