/** The scripts of remembered devices: a user's devices are one hash, expiring with the last of them. */

import { script } from './redisScripts';

/**
 * KEYS: devices. ARGV: deviceId, numberId, expiresAt, now. A hash field per device,
 * `<numberId> <expiresAt> <rememberedAt>`; lapsed devices are dropped on the way.
 */
export const REMEMBER_DEVICE = script(`
local now = tonumber(ARGV[4])
local devices = redis.call('HGETALL', KEYS[1])
local latest = tonumber(ARGV[3])
for i = 1, #devices, 2 do
  local expiresAt = tonumber(string.match(devices[i + 1], '^%S* (%d+)')) or 0
  if expiresAt <= now then redis.call('HDEL', KEYS[1], devices[i]) elseif expiresAt > latest then latest = expiresAt end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. ARGV[3] .. ' ' .. ARGV[4])
redis.call('PEXPIRE', KEYS[1], latest - now)
return 1
`);

/** KEYS: devices. ARGV: deviceId, numberId, now, maxAgeMs. Returns 'trusted', 'unknown' or 'stale'. */
export const CHECK_DEVICE = script(`
local device = redis.call('HGET', KEYS[1], ARGV[1])
if not device then return 'unknown' end
local numberId, expiresAt, rememberedAt = string.match(device, '^(%S*) (%d+) (%d+)$')
local now = tonumber(ARGV[3])
if numberId == ARGV[2] and tonumber(expiresAt) > now and now - tonumber(rememberedAt) < tonumber(ARGV[4]) then return 'trusted' end
redis.call('HDEL', KEYS[1], ARGV[1])
return 'stale'
`);

/** KEYS: devices. Revokes each device (its number becomes `!`), so it reads `stale` once and its cookie is cleared. */
export const FORGET_DEVICES = script(`
local devices = redis.call('HGETALL', KEYS[1])
for i = 1, #devices, 2 do
  redis.call('HSET', KEYS[1], devices[i], '! ' .. (string.match(devices[i + 1], '^%S* (.*)$') or '0 0'))
end
return 1
`);
