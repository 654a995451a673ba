import type { GroupSendDecision, GroupSendRequest, TollFraudStore } from '../store/OtpStore';
import type { GroupRefs, NumberGroups } from './numberGroups';
import type { LimitRefusal, SendLimit } from './SendLimit';
import type { TollFraudSettings } from './TollFraudOptions';

/** Refusals by the toll-fraud limits on groups of numbers (the `tollFraud` option). */
export type TollFraudRefusal = 'prefix_velocity' | 'country_velocity' | 'low_conversion';

/** A group's refusal of a send. */
export interface GroupRefusal extends LimitRefusal {
  readonly reason: TollFraudRefusal;
  /** The group as the `fraud_suspected` event names it: `prefix +1202200`, `country US`. */
  readonly group: string;
  /** This refusal starts an episode (a pause, or the first refusal for velocity within the window): it is reported once. */
  readonly started: boolean;
}

/**
 * The toll-fraud limits of a send to a number: its prefix's, then its country's, each a
 * `takeGroupSend` on one group. Velocity refuses as `prefix_velocity` or `country_velocity`, a
 * pause (the conversion rule) as `low_conversion`.
 */
export function tollFraudLimits(store: TollFraudStore, rules: TollFraudSettings, groups: NumberGroups, now: number): SendLimit<GroupRefusal>[] {
  const window = { now, windowMs: rules.windowMs, bucketMs: rules.bucketMs };
  return [
    groupLimit(store, { ...window, group: groups.prefixGroup, maxSends: rules.perPrefix, conversion: rules.prefixConversion }, 'prefix_velocity', `prefix ${groups.prefix}`),
    groupLimit(store, { ...window, group: groups.countryGroup, maxSends: rules.perCountry(groups.country), conversion: rules.countryConversion }, 'country_velocity', `country ${groups.country}`),
  ];
}

/**
 * Counts a right code in the groups of the number it went to. Sent after the verify's decision and
 * not awaited by the flow: the promise only settles, a failure included (when a count is lost,
 * the group only looks worse).
 */
export async function countVerified(store: TollFraudStore, rules: TollFraudSettings, groups: GroupRefs, now: number): Promise<void> {
  const window = { now, windowMs: rules.windowMs, bucketMs: rules.bucketMs };
  await Promise.all([groups.prefixGroup, groups.countryGroup].map((group) => store.groupVerified({ ...window, group })));
}

function groupLimit(store: TollFraudStore, request: GroupSendRequest, velocity: TollFraudRefusal, group: string): SendLimit<GroupRefusal> {
  return {
    take: async () => {
      const decision: GroupSendDecision = await store.takeGroupSend(request);
      if (decision.granted) return decision;
      const reason = decision.reason === 'velocity' ? velocity : 'low_conversion';
      return { granted: false, refusal: { reason, retryAfterMs: decision.retryAfterMs, group, started: decision.started } };
    },
    giveBack: () => store.returnGroupSend(request),
  };
}
