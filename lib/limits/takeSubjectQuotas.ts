import type { OtpStore, QuotaRequest } from '../store/OtpStore';

/** A quota kept under its own key (per number, per address), named for the refusal it causes. */
export interface SubjectQuota<Name extends string> {
  readonly name: Name;
  readonly request: QuotaRequest;
}

/** The outcome of taking a send from several quotas. */
export type SubjectQuotaDecision<Name extends string> =
  | { readonly granted: true }
  | { readonly granted: false; readonly name: Name; readonly retryAfterMs: number };

/**
 * Takes one send from every quota, all asked at once (they live in different cluster slots, so
 * they are separate steps, but one round trip), or from none: when one refuses or fails, the
 * others get their point back, so a refused send is counted nowhere.
 */
export async function takeSubjectQuotas<Name extends string>(store: OtpStore, quotas: readonly SubjectQuota<Name>[]): Promise<SubjectQuotaDecision<Name>> {
  const results = await Promise.allSettled(quotas.map((quota) => store.takeQuota(quota.request)));
  const taken = quotas.filter((_, i) => { const result = results[i]; return result.status === 'fulfilled' && result.value.granted; });
  const failure = results.find((result) => result.status === 'rejected');
  const refused = results.findIndex((result) => result.status === 'fulfilled' && !result.value.granted);
  if (!failure && refused < 0) return { granted: true };
  await returnSubjectQuotas(store, taken).catch((err: unknown) => {
    if (!failure) throw err;
  });
  if (failure) throw failure.reason;
  const refusal = (results[refused] as PromiseFulfilledResult<{ retryAfterMs: number }>).value;
  return { granted: false, name: quotas[refused].name, retryAfterMs: refusal.retryAfterMs };
}

/** Gives back the points `takeSubjectQuotas` took, when no message can have gone out. */
export async function returnSubjectQuotas(store: OtpStore, quotas: readonly SubjectQuota<string>[]): Promise<void> {
  await Promise.all(quotas.map((quota) => store.returnQuota(quota.request)));
}
