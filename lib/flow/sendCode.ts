import { generateCode } from '../otp/generateCode';
import { composeSmsText } from '../sms/composeSmsText';
import { deliverWithFailover } from '../providers/deliverWithFailover';
import type { Channel, SmsMessage } from '../providers/SmsProvider';
import type { SmsSendError } from '../errors';
import { returnSubjectQuotas, takeSubjectQuotas, type SubjectQuota } from '../limits/takeSubjectQuotas';
import type { SendRefusalReason } from '../store/OtpStore';
import type { Verification } from './Verification';
import { sendFailureDetails } from '../events/sendFailureDetails';
import { judgeFailedSend, type FailedSend } from './failedSend';
import { askBeforeSend } from './askBeforeSend';
import { sendToTestNumber } from './sendToTestNumber';

/** Refusals by a quota kept apart from the user. */
type NumberQuotaRefusal = 'quota_number' | 'quota_unverified_number' | 'quota_ip';

/** Refusals by the toll-fraud limits on groups of numbers (the `tollFraud` option). */
export type TollFraudRefusal = 'prefix_velocity' | 'country_velocity' | 'low_conversion';

/**
 * Why a send was refused: the verification ended or its own limits, the lockout, a quota across
 * sign-ins, the toll-fraud limits, or the app's `beforeSend` (`app_denied`).
 */
export type SendRefusal = SendRefusalReason | NumberQuotaRefusal | TollFraudRefusal | 'app_denied';

/** How a send went. */
export type SendResult =
  | { readonly status: 'sent' }
  | { readonly status: 'failed'; readonly failed: FailedSend }
  | { readonly status: 'refused'; readonly reason: SendRefusal; readonly retryAfterMs: number };

/**
 * Sends a new code to `mobile` (E.164) if every limit allows it, in two store steps at most: the
 * sign-in's own rules, the lockout and the user's quota together (which also keep the new code's
 * HMAC), then the number's and the address's quotas. A refused send is counted nowhere; a failed
 * send gives back the sign-in's reservation (cooldown, resend limit, previous code), and its quota
 * points when no text can have gone out.
 */
export async function sendCode(v: Verification, mobile: string, firstOnly: boolean, channel: Channel = 'sms'): Promise<SendResult> {
  const { settings, now } = v;
  const { store } = settings;
  // The app's own risk check comes before anything is counted: a denial costs nothing anywhere.
  if ((await askBeforeSend(v, mobile, channel)) === 'deny') return { status: 'refused', reason: 'app_denied', retryAfterMs: 0 };
  const testCode = v.testCode(mobile);
  const code = testCode ?? generateCode(settings.otpLength, settings.alphabet);
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
    if (decision.reason === 'sent') v.pending.codeSent();
    return { status: 'refused', reason: decision.reason, retryAfterMs: decision.retryAfterMs };
  }

  const release = (refundUserQuota: boolean) => store.releaseSend({ ...v.ref, now, hash, refundUserQuota });
  const quotas = subjectQuotas(v, mobile);
  const quota = await takeSubjectQuotas(store, quotas).catch(async (err: unknown) => {
    await release(true).catch(() => undefined);
    throw err;
  });
  if (!quota.granted) {
    await release(true);
    return { status: 'refused', reason: quota.name, retryAfterMs: quota.retryAfterMs };
  }
  // A test number: every limit above counted this send, and its fixed code goes nowhere.
  if (testCode !== undefined) return sendToTestNumber(v, decision.first, channel);

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
    await Promise.all([release(!maybeSent), maybeSent ? undefined : returnSubjectQuotas(store, quotas)]);
    return { status: 'failed', failed: judgeFailedSend(failures) };
  }
  v.pending.codeSent();
  v.event(decision.first ? 'sent' : 'resent', { provider, channel, durationMs: Math.round(performance.now() - started) });
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
function subjectQuotas(v: Verification, mobile: string): SubjectQuota<NumberQuotaRefusal>[] {
  const { sendQuotas, pseudonyms } = v.settings;
  const quotas: SubjectQuota<NumberQuotaRefusal>[] = [];
  const now = v.now;
  // A number nobody verified yet counts apart from its owner's sign-in quota, so enrolling someone
  // else's number cannot use up the texts its owner needs.
  if (v.rules.textsTo === 'number_given') {
    const rule = sendQuotas.perUnverifiedNumber;
    if (rule) quotas.push({ name: 'quota_unverified_number', request: { subject: pseudonyms.unverifiedNumberSubject(mobile), now, ...rule } });
  } else if (sendQuotas.perNumber) {
    quotas.push({ name: 'quota_number', request: { subject: pseudonyms.numberSubject(mobile), now, ...sendQuotas.perNumber } });
  }
  const ip = v.req.ip;
  if (sendQuotas.perIp && ip) quotas.push({ name: 'quota_ip', request: { subject: pseudonyms.ipSubject(ip), now, ...sendQuotas.perIp } });
  return quotas;
}
