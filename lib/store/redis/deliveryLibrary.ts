/**
 * The Lua helpers of delivery receipts, which every script has (`reserveSend` and `inspect` read a
 * code's delivery too).
 *
 * A code's message is the sign-in's field `delivery`, as JSON: `provider`, `channel`, `purpose`,
 * `sentAt` (a string, so no digit is lost) and `parts` in the message's order, each
 * `{ id, state, code, fault }`. A part's state only moves on: `accepted` to `delivered` or
 * `failed`, `delivered` to `failed` (as `MemoryOtpStore`'s `trackedDelivery.ts`).
 */
export const DELIVERY_LIBRARY = `
local PROGRESS = { accepted = 0, delivered = 1, failed = 2 }

-- Over all parts: 'failed' with the first failed part's code and fault, else 'accepted' while a part is, else 'delivered'.
local function deliveryState(delivery)
  local state = 'delivered'
  for _, part in ipairs(delivery.parts) do
    if part.state == 'failed' then return 'failed', part.code, part.fault end
    if part.state == 'accepted' then state = 'accepted' end
  end
  return state, '', ''
end

-- A delivery as a reply: {state, code, fault, provider, channel, purpose, sentAt}.
local function deliveryFields(delivery)
  local state, code, fault = deliveryState(delivery)
  return {state, code, fault, delivery.provider, delivery.channel, delivery.purpose, delivery.sentAt}
end

-- Whether a delivery field (or false when none is tracked) says the message failed.
local function deliveryFailed(field)
  return field and deliveryState(cjson.decode(field)) == 'failed'
end
`;
