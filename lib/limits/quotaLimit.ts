import type { OtpStore, QuotaRequest } from '../store/OtpStore';
import type { LimitRefusal, SendLimit } from './SendLimit';

/** A quota's refusal, named for the quota. */
export interface QuotaRefusal<Reason extends string> extends LimitRefusal {
  readonly reason: Reason;
}

/** A quota kept under its own key (per number, per address) as a limit of a send, refused as `reason`. */
export function quotaLimit<Reason extends string>(store: OtpStore, reason: Reason, request: QuotaRequest): SendLimit<QuotaRefusal<Reason>> {
  return {
    take: async () => {
      const decision = await store.takeQuota(request);
      return decision.granted ? decision : { granted: false, refusal: { reason, retryAfterMs: decision.retryAfterMs } };
    },
    giveBack: () => store.returnQuota(request),
  };
}
