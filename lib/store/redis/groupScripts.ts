/**
 * The scripts of the toll-fraud defence, with the rules of `groupCounters.ts` (`MemoryOtpStore`'s).
 * A group of numbers (a prefix, a country) is one hash in a cluster slot of its own: per bucket of
 * the window `s:<bucket>` (sends) and `v:<bucket>` (verified codes), where a bucket is
 * `floor(time / bucketMs)`; `pausedUntil`; `velocityRefusedAt` (the group's last refusal for
 * velocity); `expiresAt`, when nothing of it counts any more, which its PEXPIRE follows.
 */

import { script } from './redisScripts';

/** The group helpers. Every script's ARGV starts with now, windowMs, bucketMs (a `GroupRef`). */
const GROUP_LIBRARY = `
local now, windowMs, bucketMs = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local buckets = math.floor(windowMs / bucketMs)
local bucket = math.floor(now / bucketMs)

local function bucketField(kind, at) return kind .. ':' .. string.format('%d', at) end

-- The group's counts within the window (buckets that left it are dropped): its sends by bucket and
-- in all, its verified codes in all, and its other fields.
local function readGroup(key)
  local fields = redis.call('HGETALL', key)
  local group = { sends = {}, sent = 0, verified = 0, pausedUntil = 0, velocityRefusedAt = false, expiresAt = 0 }
  local old = {}
  for i = 1, #fields, 2 do
    local name, value = fields[i], fields[i + 1]
    local kind, at = string.match(name, '^([sv]):(%-?%d+)$')
    if kind then
      at = tonumber(at)
      if at <= bucket - buckets then
        table.insert(old, name)
      elseif kind == 's' then
        table.insert(group.sends, { at, tonumber(value) })
        group.sent = group.sent + tonumber(value)
      else
        group.verified = group.verified + tonumber(value)
      end
    elseif name == 'pausedUntil' or name == 'velocityRefusedAt' or name == 'expiresAt' then
      group[name] = tonumber(value)
    end
  end
  if #old > 0 then redis.call('HDEL', key, unpack(old)) end
  return group
end

-- Keeps the group at least until \`time\`: the key lapses once nothing of it counts.
local function keepUntil(key, group, time)
  if time > group.expiresAt then
    group.expiresAt = time
    redis.call('HSET', key, 'expiresAt', time)
  end
  redis.call('PEXPIRE', key, group.expiresAt - now)
end

-- When the bucket of now leaves the window.
local function bucketLeavesAt() return (bucket + buckets) * bucketMs end

-- How long until enough of the oldest sends leave the window for one more to fit.
local function roomAfterMs(group, maxSends)
  table.sort(group.sends, function(a, b) return a[1] < b[1] end)
  local left = group.sent
  for _, each in ipairs(group.sends) do
    left = left - each[2]
    if left < maxSends then return math.max(1, (each[1] + buckets) * bucketMs - now) end
  end
  return bucketMs
end
`;

/** A script of the group helpers and `body`. */
const groupScript = (body: string) => script(`${GROUP_LIBRARY}${body}`);

/**
 * KEYS: group. ARGV: now, windowMs, bucketMs, maxSends, then the conversion rule's minSends,
 * minRate, pauseMs ('' each when the rule is off).
 * Returns {1}, or {0, 'velocity' or 'conversion', retryAfterMs, started (1/0)}.
 */
export const TAKE_GROUP_SEND = groupScript(`
local maxSends = tonumber(ARGV[4])
local group = readGroup(KEYS[1])
if group.pausedUntil > now then return {0, 'conversion', group.pausedUntil - now, 0} end
if group.sent >= maxSends then
  local started = 0
  if not group.velocityRefusedAt or now - group.velocityRefusedAt >= windowMs then started = 1 end
  redis.call('HSET', KEYS[1], 'velocityRefusedAt', now)
  keepUntil(KEYS[1], group, now + windowMs)
  return {0, 'velocity', roomAfterMs(group, maxSends), started}
end
if ARGV[5] ~= '' then
  local minSends, minRate, pauseMs = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
  if group.sent >= minSends and math.min(group.verified, group.sent) < minRate * group.sent then
    redis.call('HSET', KEYS[1], 'pausedUntil', now + pauseMs)
    keepUntil(KEYS[1], group, now + pauseMs)
    return {0, 'conversion', pauseMs, 1}
  end
end
redis.call('HINCRBY', KEYS[1], bucketField('s', bucket), 1)
keepUntil(KEYS[1], group, bucketLeavesAt())
return {1}
`);

/** KEYS: group. ARGV: now, windowMs, bucketMs. Gives back a send counted in the bucket of now. */
export const RETURN_GROUP_SEND = groupScript(`
local field = bucketField('s', bucket)
if tonumber(redis.call('HGET', KEYS[1], field) or '0') > 1 then redis.call('HINCRBY', KEYS[1], field, -1) else redis.call('HDEL', KEYS[1], field) end
return 1
`);

/** KEYS: group. ARGV: now, windowMs, bucketMs. Counts a verified code in the bucket of now. */
export const GROUP_VERIFIED = groupScript(`
local group = readGroup(KEYS[1])
redis.call('HINCRBY', KEYS[1], bucketField('v', bucket), 1)
keepUntil(KEYS[1], group, bucketLeavesAt())
return 1
`);
