/**
 * One limit a send takes a point from beside the sign-in's own (a quota per number or address, a
 * toll-fraud group), in its own store step: `take` decides and counts in one step, `giveBack`
 * returns what it counted.
 */
export interface SendLimit<Refusal extends LimitRefusal> {
  take(): Promise<LimitDecision<Refusal>>;
  giveBack(): Promise<void>;
}

/** Why a limit refused a send, and how long until it may take one. */
export interface LimitRefusal {
  readonly reason: string;
  readonly retryAfterMs: number;
}

/** What one limit decided. */
export type LimitDecision<Refusal extends LimitRefusal> = { readonly granted: true } | { readonly granted: false; readonly refusal: Refusal };

/** What several limits decided together: every refusal, in the order the limits were given. */
export type SendLimitsDecision<Refusal extends LimitRefusal> = { readonly granted: true } | { readonly granted: false; readonly refusals: readonly Refusal[] };

/**
 * Takes one send from every limit, all asked at once (they live in different cluster slots, so
 * they are separate steps, but one round trip), or from none: when one refuses or fails, the
 * others get their point back, so a refused send is counted nowhere. A store failure rejects,
 * after the points taken went back.
 */
export async function takeSendLimits<Refusal extends LimitRefusal>(limits: readonly SendLimit<Refusal>[]): Promise<SendLimitsDecision<Refusal>> {
  const results = await Promise.allSettled(limits.map((limit) => limit.take()));
  const taken = limits.filter((_, i) => {
    const result = results[i];
    return result.status === 'fulfilled' && result.value.granted;
  });
  const failure = results.find((result) => result.status === 'rejected');
  const refusals = results.flatMap((result) => (result.status === 'fulfilled' && !result.value.granted ? [result.value.refusal] : []));
  if (!failure && refusals.length === 0) return { granted: true };
  await giveBackSendLimits(taken).catch((err: unknown) => {
    if (!failure) throw err;
  });
  if (failure) throw failure.reason;
  return { granted: false, refusals };
}

/** Gives back the points `takeSendLimits` took, when no message can have gone out. */
export async function giveBackSendLimits(limits: readonly SendLimit<LimitRefusal>[]): Promise<void> {
  await Promise.all(limits.map((limit) => limit.giveBack()));
}
