import { generateCode } from '../otp/generateCode';
import { composeSmsText } from '../otp/composeSmsText';
import { deliverWithFailover } from '../providers/deliverWithFailover';
import type { SendDecision } from '../store/OtpStore';
import type { SignIn } from './SignIn';

/** How a send went. */
export type SendResult =
  | { readonly status: 'sent' }
  | { readonly status: 'failed' }
  | { readonly status: 'refused'; readonly decision: Extract<SendDecision, { granted: false }> };

/**
 * Sends a new code if the limits allow it: reserve the send, text the code, then keep its HMAC
 * (replacing the previous code). A failed send gives its reservation back, so it costs the user nothing.
 */
export async function sendCode(signIn: SignIn, mobile: string, firstOnly: boolean): Promise<SendResult> {
  const { settings, now } = signIn;
  const ttlMs = settings.pendingTimeoutMs;
  const decision = await settings.store.reserveSend(signIn.id, {
    firstOnly,
    cooldownMs: settings.resendCooldownMs,
    maxSends: settings.maxResends + 1,
    ttlMs,
    now,
  });
  if (!decision.granted) return { status: 'refused', decision };

  const code = generateCode(settings.otpLength, settings.alphabet);
  const body = composeSmsText(settings.sms, code);
  let provider: string;
  try {
    ({ provider } = await deliverWithFailover(settings.providers, { to: mobile, body }, (attempt) => {
      if (attempt.error) signIn.event('send_failed', { provider: attempt.provider, reason: attempt.error.message });
    }));
  } catch {
    await settings.store.releaseSend(signIn.id, decision);
    return { status: 'failed' };
  }
  await settings.store.saveCode(signIn.id, {
    hash: settings.hasher.hash(signIn.id, code),
    expiresAt: now + settings.expiryMs,
    maxAttempts: settings.maxAttempts,
    ttlMs,
    now,
  });
  signIn.event(decision.first ? 'sent' : 'resent', { provider });
  return { status: 'sent' };
}
