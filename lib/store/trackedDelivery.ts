import type { DeliveryStatus, RecordReceiptRequest, TrackDeliveryRequest } from './OtpStore';

type PartState = DeliveryStatus['state'];

/**
 * How far a part has come: its state only moves on (`accepted` to `delivered` or `failed`,
 * `delivered` to `failed`), so a late `accepted` never undoes a `delivered`, and `failed` is final.
 * `RedisOtpStore`'s scripts follow the same order.
 */
const PROGRESS: Record<PartState, number> = { accepted: 0, delivered: 1, failed: 2 };

/** What became of one part of a message, by its receipts so far. */
interface Part {
  state: PartState;
  code: string;
  fault: DeliveryStatus['fault'];
}

/** The message that carried a code, as `MemoryOtpStore` keeps it beside the code. */
export interface TrackedDelivery {
  readonly provider: string;
  readonly channel: DeliveryStatus['channel'];
  readonly purpose: string;
  readonly sentAt: number;
  /** Each part by its id's pseudonym, in the message's order. */
  readonly parts: Map<string, Part>;
}

/** A message just sent: every part `accepted`, at `now`. */
export function trackedDelivery(request: TrackDeliveryRequest): TrackedDelivery {
  const parts = new Map(request.messageIds.map((id): [string, Part] => [id, { state: 'accepted', code: '', fault: '' }]));
  return { provider: request.provider, channel: request.channel, purpose: request.purpose, sentAt: request.now, parts };
}

/** Keeps a receipt for its part, when it moves the part on. */
export function recordPart(part: Part, receipt: RecordReceiptRequest): void {
  if (PROGRESS[receipt.state] > PROGRESS[part.state]) Object.assign(part, { state: receipt.state, code: receipt.code, fault: receipt.fault });
}

/**
 * The message's delivery over all its parts: `failed` when one failed (with the code and fault of
 * the first failed part in the message's order), else `accepted` while one is not delivered yet,
 * else `delivered`.
 */
export function deliveryStatus(delivery: TrackedDelivery): DeliveryStatus {
  const parts = [...delivery.parts.values()];
  const failed = parts.find((part) => part.state === 'failed');
  const state: PartState = failed ? 'failed' : parts.some((part) => part.state === 'accepted') ? 'accepted' : 'delivered';
  const { provider, channel, purpose, sentAt } = delivery;
  return { state, code: failed?.code ?? '', fault: failed?.fault ?? '', provider, channel, purpose, sentAt };
}
