import { generateCode } from '../otp/generateCode';
import { composeSmsText } from '../sms/composeSmsText';
import { deliverWithFailover } from '../providers/deliverWithFailover';
import type { Channel, SmsMessage } from '../providers/SmsProvider';
import type { SmsSendError } from '../errors';
import { giveBackSendLimits, takeSendLimits, type SendLimit } from '../limits/SendLimit';
import { quotaLimit, type QuotaRefusal } from '../limits/quotaLimit';
import { numberGroups, type NumberGroups } from '../limits/numberGroups';
import { tollFraudLimits, type GroupRefusal, type TollFraudRefusal } from '../limits/tollFraudLimits';
import type { SendRefusalReason } from '../store/OtpStore';
import type { Verification } from './Verification';
import { sendFailureDetails } from '../events/sendFailureDetails';
import type { SmsOtpEvent } from '../events/SmsOtpEvent';
import { judgeFailedSend, type FailedSend } from './failedSend';

/** Refusals by a quota kept apart from the user. */
type NumberQuotaRefusal = 'quota_number' | 'quota_unverified_number' | 'quota_ip';

export type { TollFraudRefusal };

/**
 * Why a send was refused: the verification ended or its own limits, the lockout, a quota across
 * sign-ins, the toll-fraud limits, or the app's `beforeSend` (`app_denied`).
 */
export type SendRefusal = SendRefusalReason | NumberQuotaRefusal | TollFraudRefusal | 'app_denied';

/** How a send went. */
export type SendResult =
  | { readonly status: 'sent' }
  | { readonly status: 'failed'; readonly failed: FailedSend }
  /** `country`: the number's, for a refusal by the toll-fraud limits. */
  | { readonly status: 'refused'; readonly reason: SendRefusal; readonly retryAfterMs: number; readonly country?: string };

/** A send refused. */
export type RefusedSend = Extract<SendResult, { readonly status: 'refused' }>;

/** What the `send_refused` event of a refused send says: its reason (or the one the flow reports), and the number's country after a toll-fraud refusal. */
export function refusalDetails(sent: RefusedSend, reason: SendRefusal = sent.reason): Pick<SmsOtpEvent, 'reason' | 'country'> {
  return sent.country === undefined ? { reason } : { reason, country: sent.country };
}

/** A refusal by a limit kept apart from the sign-in: a quota, or a toll-fraud group. */
type LimitRefusal = QuotaRefusal<NumberQuotaRefusal> | GroupRefusal;

/**
 * Sends a new code to `mobile` (E.164) if every limit allows it, in two store round trips at most:
 * the sign-in's own rules, the lockout and the user's quota together (which also keep the new
 * code's HMAC), then, all at once, the number's and the address's quotas and the toll-fraud groups
 * (the prefix, the country). A refused send is counted nowhere; a failed send gives back the
 * sign-in's reservation (cooldown, resend limit, previous code), and its quota points and group
 * sends when no text can have gone out.
 *
 * When several limits refuse, the narrowest is reported: the sign-in's own and the user's (one
 * step), then the number's quota, the address's, the prefix, the country. A group whose refusal
 * starts an episode (a pause, or a first refusal for velocity within the hour) is reported once,
 * as `fraud_suspected`, whichever refusal the user is told.
 */
export async function sendCode(v: Verification, mobile: string, firstOnly: boolean, channel: Channel = 'sms'): Promise<SendResult> {
  const { settings, now } = v;
  const { store } = settings;
  const code = generateCode(settings.otpLength, settings.alphabet);
  // A code sent late in the sign-in stops working when the sign-in lapses: say so in the text.
  const expiresAt = Math.min(now + settings.expiryMs, v.pending.since + settings.pendingTimeoutMs);
  const hash = settings.hasher.hash(v.id, code, v.pending.newMobile);
  const decision = await store.reserveSend({
    ...v.ref,
    now,
    firstOnly,
    cooldownMs: settings.resendCooldownMs,
    maxSends: settings.maxResends + 1,
    ttlMs: settings.pendingTimeoutMs,
    code: { hash, expiresAt, maxAttempts: settings.maxAttempts },
    userQuota: settings.sendQuotas.perUser,
  });
  if (!decision.granted) {
    if (decision.reason === 'sent') v.pending.codeSent(settings.tollFraud && numberGroups(settings.pseudonyms, mobile));
    return { status: 'refused', reason: decision.reason, retryAfterMs: decision.retryAfterMs };
  }

  const release = (refundUserQuota: boolean) => store.releaseSend({ ...v.ref, now, hash, refundUserQuota });
  const groups = settings.tollFraud && numberGroups(settings.pseudonyms, mobile);
  const limits: SendLimit<LimitRefusal>[] = [...subjectQuotas(v, mobile), ...groupLimits(v, groups)];
  const taken = await takeSendLimits(limits).catch(async (err: unknown) => {
    await release(true).catch(() => undefined);
    throw err;
  });
  if (!taken.granted) {
    await release(true);
    return refusedByLimits(v, taken.refusals, groups);
  }

  const message = composeMessage(v, mobile, code, channel, expiresAt);
  const providers = channel === 'voice' ? (settings.voiceProviders ?? []) : settings.providers;
  let provider: string;
  let messageIds: readonly string[] | undefined;
  // Quota points go back only when no provider can have sent the text: a timeout or a 5xx may
  // follow a delivery, and refunding those would let a flaky gateway text without limit.
  const failures: SmsSendError[] = [];
  const started = performance.now();
  let attemptStarted = started;
  try {
    ({ provider, messageIds } = await deliverWithFailover(providers, message, (attempt) => {
      const now = performance.now();
      const durationMs = Math.round(now - attemptStarted);
      attemptStarted = now;
      if (!attempt.error) return;
      failures.push(attempt.error);
      v.event('send_failed', { provider: attempt.provider, channel, durationMs, ...sendFailureDetails(attempt.error, message, code) });
    }));
  } catch {
    const maybeSent = failures.some((failure) => !failure.certainlyNotSent);
    await Promise.all([release(!maybeSent), maybeSent ? undefined : giveBackSendLimits(limits)]);
    return { status: 'failed', failed: judgeFailedSend(failures) };
  }
  v.pending.codeSent(groups);
  v.event(decision.first ? 'sent' : 'resent', { provider, channel, durationMs: Math.round(performance.now() - started), ...(groups && { country: groups.country }) });
  if (messageIds) await trackDelivery(v, { provider, channel, hash, messageIds });
  return { status: 'sent' };
}

/**
 * Tells the store which message carried the code, so that its provider's receipts find this sign-in.
 * The code went out already: a store that cannot take it now is logged, and the prompt shows no state.
 */
async function trackDelivery(v: Verification, sent: { readonly provider: string; readonly channel: Channel; readonly hash: string; readonly messageIds: readonly string[] }): Promise<void> {
  const { deliveryStore, pseudonyms, pendingTimeoutMs, logger, name } = v.settings;
  if (!deliveryStore) return;
  const messageIds = sent.messageIds.map((id) => pseudonyms.message(sent.provider, id));
  await deliveryStore.trackDelivery({ ...v.ref, now: v.now, hash: sent.hash, provider: sent.provider, channel: sent.channel, purpose: v.kind, messageIds, ttlMs: pendingTimeoutMs }).catch((err: unknown) => {
    logger.warn({ error: err instanceof Error ? err.message : String(err) }, `${name}: the store did not take the message ids of a code sent, so its delivery is not shown`);
  });
}

/** The text, or the words of a call (the code's characters one by one), in the request's language. */
function composeMessage(v: Verification, to: string, code: string, channel: Channel, expiresAt: number): SmsMessage {
  const locale = v.locale.tag;
  if (channel === 'sms') return { to, channel, locale, body: composeSmsText(v.locale.sms, code, Math.max(1, Math.floor((expiresAt - v.now) / 1000)), v.locale) };
  const digits = [...code].join(' ');
  return { to, channel, locale, digits, body: v.locale.messages.text('voiceMessage', { appName: v.locale.sms.appName, digits }) };
}

/** The quotas kept apart from the user: per number and, when on, per address. */
function subjectQuotas(v: Verification, mobile: string): SendLimit<QuotaRefusal<NumberQuotaRefusal>>[] {
  const { sendQuotas, pseudonyms, store } = v.settings;
  const quotas: SendLimit<QuotaRefusal<NumberQuotaRefusal>>[] = [];
  const now = v.now;
  // A number nobody verified yet counts apart from its owner's sign-in quota, so enrolling someone
  // else's number cannot use up the texts its owner needs.
  if (v.rules.textsTo === 'number_given') {
    const rule = sendQuotas.perUnverifiedNumber;
    if (rule) quotas.push(quotaLimit(store, 'quota_unverified_number', { subject: pseudonyms.unverifiedNumberSubject(mobile), now, ...rule }));
  } else if (sendQuotas.perNumber) {
    quotas.push(quotaLimit(store, 'quota_number', { subject: pseudonyms.numberSubject(mobile), now, ...sendQuotas.perNumber }));
  }
  const ip = v.req.ip;
  if (sendQuotas.perIp && ip) quotas.push(quotaLimit(store, 'quota_ip', { subject: pseudonyms.ipSubject(ip), now, ...sendQuotas.perIp }));
  return quotas;
}

/** The toll-fraud limits of the number's groups (the `tollFraud` option), none when it is off. */
function groupLimits(v: Verification, groups: NumberGroups | undefined): SendLimit<GroupRefusal>[] {
  const { tollFraud, tollFraudStore } = v.settings;
  return tollFraud && tollFraudStore && groups ? tollFraudLimits(tollFraudStore, tollFraud, groups, v.now) : [];
}

/**
 * A send the quotas or the groups refused: each group whose refusal starts an episode is reported
 * (`fraud_suspected`, once per episode), and the first refusal is the send's.
 */
function refusedByLimits(v: Verification, refusals: readonly LimitRefusal[], groups: NumberGroups | undefined): SendResult {
  for (const refusal of refusals) {
    if ('started' in refusal && refusal.started) v.event('fraud_suspected', { reason: refusal.reason, group: refusal.group, country: groups?.country });
  }
  const [first] = refusals;
  const country = 'group' in first ? groups?.country : undefined;
  return { status: 'refused', reason: first.reason, retryAfterMs: first.retryAfterMs, ...(country !== undefined && { country }) };
}
