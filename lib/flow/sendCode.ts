import { generateCode } from '../otp/generateCode';
import { composeSmsText } from '../otp/composeSmsText';
import { deliverWithFailover } from '../providers/deliverWithFailover';
import type { SmsSendError } from '../errors';
import type { QuotaName } from '../limits/SendQuotas';
import type { SignIn } from './SignIn';

/** Why a send was refused: the sign-in's own limits, the lockout, or a quota across sign-ins. */
export type SendRefusal = 'sent' | 'cooldown' | 'limit' | 'locked' | 'quota_number' | 'quota_user' | 'quota_ip';

/** How a send went. */
export type SendResult =
  | { readonly status: 'sent' }
  | { readonly status: 'failed' }
  | { readonly status: 'refused'; readonly reason: SendRefusal; readonly retryAfterMs: number };

const QUOTA_REFUSALS: Readonly<Record<QuotaName, SendRefusal>> = { perNumber: 'quota_number', perUser: 'quota_user', perIp: 'quota_ip' };

/**
 * Sends a new code to `mobile` (E.164) if every limit allows it. The sign-in's reservation comes
 * first, so parallel requests take quota only for the one send that goes; a failed send gives
 * back its reservation (the cooldown and resend limit of the sign-in), and its quota points when
 * no text can have gone out. Then the code's HMAC is kept, replacing the previous code.
 */
export async function sendCode(signIn: SignIn, mobile: string, firstOnly: boolean): Promise<SendResult> {
  const { settings, now } = signIn;
  const { store } = settings;
  const ttlMs = settings.pendingTimeoutMs;
  // Both asked at once (one round trip to a shared store); a reservation a locked user got is given back.
  const [lock, decision] = await Promise.all([
    settings.lockout.check(signIn.userKey),
    store.reserveSend(signIn.id, { firstOnly, cooldownMs: settings.resendCooldownMs, maxSends: settings.maxResends + 1, ttlMs, now }),
  ]);
  if (!lock.allowed) {
    if (decision.granted) await store.releaseSend(signIn.id, decision);
    return { status: 'refused', reason: 'locked', retryAfterMs: lock.retryAfterMs };
  }
  if (!decision.granted) return { status: 'refused', reason: decision.reason, retryAfterMs: decision.retryAfterMs };

  const keys = { perNumber: mobile, perUser: signIn.userKey, perIp: signIn.req.ip };
  const release = () => store.releaseSend(signIn.id, decision);
  const quota = await settings.sendQuotas.take(keys).catch(async (err: unknown) => {
    await release().catch(() => undefined);
    throw err;
  });
  if (!quota.granted) {
    await release();
    return { status: 'refused', reason: QUOTA_REFUSALS[quota.quota], retryAfterMs: quota.retryAfterMs };
  }

  const code = generateCode(settings.otpLength, settings.alphabet);
  // A code sent late in the sign-in stops working when the sign-in lapses: say so in the text.
  const expiresAt = Math.min(now + settings.expiryMs, signIn.pending.since + settings.pendingTimeoutMs);
  const body = composeSmsText(settings.sms, code, Math.max(1, Math.floor((expiresAt - now) / 1000)));
  let provider: string;
  // Quota points go back only when no provider can have sent the text: a timeout or a 5xx may
  // follow a delivery, and refunding those would let a flaky gateway text without limit.
  let maybeSent = false;
  try {
    ({ provider } = await deliverWithFailover(settings.providers, { to: mobile, body }, (attempt) => {
      if (!attempt.error) return;
      maybeSent ||= !attempt.error.certainlyNotSent;
      signIn.event('send_failed', { provider: attempt.provider, reason: failureReason(attempt.error) });
    }));
  } catch {
    await Promise.all([release(), maybeSent ? undefined : settings.sendQuotas.giveBack(keys, quota.taken)]);
    return { status: 'failed' };
  }
  await store.saveCode(signIn.id, {
    hash: settings.hasher.hash(signIn.id, code),
    expiresAt,
    maxAttempts: settings.maxAttempts,
    ttlMs,
    now,
  });
  signIn.pending.codeSent = true;
  signIn.event(decision.first ? 'sent' : 'resent', { provider });
  return { status: 'sent' };
}

/**
 * A short, stable word for a failed send, for events: the provider's code or HTTP status,
 * never its message (which may quote the number or the text).
 */
function failureReason(error: SmsSendError): string {
  if (error.code !== undefined) return `code_${error.code}`;
  if (error.status !== undefined) return `http_${error.status}`;
  return 'error';
}
