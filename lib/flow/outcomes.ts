import type { Settings } from '../config/resolveSettings';
import { requestPath } from '../http/requestPath';
import type { RequestLike } from '../http/types';
import type { ChallengeStatus } from '../store/OtpStore';
import { buildPromptView } from '../view/buildPromptView';
import type { Outcome, PageOutcome } from './Outcome';
import type { Refusal } from './refusals';
import type { Verification } from './Verification';
import type { FailedSend } from './failedSend';
import { offersCall } from './rules';
import type { PromptView } from '../view/PromptView';

/**
 * Every page and redirect of the flow, built in one place. Builders only build: the flow reports
 * events and changes the session before it asks for one.
 */

/** Back to the first factor. */
export function toLogin(settings: Settings): Outcome {
  return { kind: 'redirect', url: settings.loginUrl };
}

/** The same page again, as a GET (Post/Redirect/Get). */
export function backToPage(req: RequestLike): Outcome {
  return { kind: 'redirect', url: requestPath(req) };
}

/** Elsewhere on this site (a path). */
export function redirectTo(url: string): Outcome {
  return { kind: 'redirect', url };
}

/** The user got something wrong; `status` says what (401 a wrong code, 429 too soon, 423 locked). */
export function failed(refusal: Refusal): Outcome {
  return { kind: 'fail', message: refusal.message, status: refusal.status };
}

/**
 * The page asking for the code, with what is left of the attempts and resends, and what became of
 * the text when its provider sends receipts: after a failed one it says so, offers a new text at once
 * (a signed receipt waived the cooldown), or only the call when the number cannot receive texts.
 */
export function codePrompt(v: Verification, status: ChallengeStatus, parts: { readonly notice?: string; readonly cooldownSaid?: boolean; readonly error?: string; readonly httpStatus?: number } = {}): PageOutcome {
  const { settings, now } = v;
  const delivery = deliveryOf(v, status);
  const failed = delivery.delivery === 'failed' && delivery.channel === 'sms';
  const sendsLeft = hasSendsLeft(v, status);
  const message = failed ? v.locale.messages.text(delivery.cannotReceiveTexts ? 'cannotReceiveTexts' : 'deliveryFailed', { mobile: v.maskedMobile }) : undefined;
  return page(v, {
    state: 'prompt',
    status: parts.httpStatus ?? 200,
    error: parts.error,
    // Not the user's mistake: said as a notice, so the code field is not marked invalid.
    notice: parts.notice ?? message,
    attemptsLeft: status.codeUsable ? status.attemptsLeft : undefined,
    canResend: sendsLeft,
    canCall: delivery.canCall,
    delivery: delivery.delivery,
    cannotReceiveTexts: delivery.cannotReceiveTexts,
    // After a refused resend the error gives the wait already: the cooldown is said once.
    resendWaitSeconds: parts.cooldownSaid || failed ? 0 : Math.max(0, Math.ceil((status.lastSentAt + settings.resendCooldownMs - now) / 1000)),
  });
}

/** What the prompt says of the text (`delivery`, `null` without receipts), and whether it offers a call. */
export function deliveryOf(v: Verification, status: ChallengeStatus): DeliveryView {
  const tracked = v.settings.deliveryStore ? status.delivery : undefined;
  const cannotReceiveTexts = tracked?.state === 'failed' && tracked.fault === 'recipient' && tracked.channel === 'sms';
  const canCall = v.settings.voiceProviders !== undefined && offersCall(v.kind) && hasSendsLeft(v, status);
  return { delivery: tracked?.state ?? null, channel: tracked?.channel, canCall, cannotReceiveTexts };
}

/** Whether the verification has a send left (a resend by text, or a call): the first plus `maxResends`. */
function hasSendsLeft(v: Verification, status: ChallengeStatus): boolean {
  return status.sends < v.settings.maxResends + 1;
}

/** What the prompt shows of the latest code's message. */
interface DeliveryView {
  readonly delivery: PromptView['delivery'];
  /** How that message went: a text or a call (`undefined` without receipts). */
  readonly channel: 'sms' | 'voice' | undefined;
  /** Whether a call is offered: `voice` on, a kind that calls, and a send left. */
  readonly canCall: boolean;
  readonly cannotReceiveTexts: boolean;
}

/** The prompt's state for a script that follows it (a GET with `Accept: application/json`): nothing changes. */
export function deliveryAnswer(v: Verification, status: ChallengeStatus): Outcome {
  const { delivery, canCall } = deliveryOf(v, status);
  return { kind: 'json', body: { delivery, canCall } };
}

/** The page asking for a mobile number: a user without one at sign-in, or a signed-in user changing theirs. */
export function numberForm(v: Verification, parts: { readonly status: number; readonly error?: string; readonly mobileInput?: string }): PageOutcome {
  return { kind: 'page', view: buildPromptView(v.req, v.settings, { locale: v.locale, state: 'enroll', purpose: v.kind, mobile: '', ...parts }) };
}

/** A page that only says why nothing can be sent or tried now, with a way back to sign-in. */
export function blockedPage(v: Verification, refusal: Refusal): PageOutcome {
  return page(v, { state: 'blocked', status: refusal.status, error: refusal.message });
}

/**
 * The message did not go out (503); the verification stays. When a try again may work, the page
 * offers one at once; otherwise it only says why no text can go out: the number, or the set-up.
 */
export function sendFailedPage(v: Verification, failed: FailedSend): PageOutcome {
  const { messages } = v.locale;
  const mobile = v.maskedMobile;
  if (failed === 'retry') return page(v, { state: 'send_failed', status: 503, error: messages.text('sendFailed', { mobile }) });
  return page(v, { state: 'blocked', status: 503, error: messages.text(failed === 'recipient' ? 'sendFailedRecipient' : 'sendFailedSetup', { mobile }) });
}

/** The request posted an action this kind of verification does not accept here, or in this combination. */
export function refusedAction(v: Verification, redraw: (v: Verification, error: string, status: number) => Promise<PageOutcome>): Outcome {
  const message = v.locale.messages.text('unexpectedForm');
  return { kind: 'fail', message, status: 400, page: () => redraw(v, message, 400) };
}

/** The form could not be read: a format the app does not parse (415), a body cut short or not a set of fields (400). */
export function unreadableForm(req: RequestLike, settings: Settings, status: 400 | 415): Outcome {
  return { kind: 'fail', message: settings.locales.pick(req, req.user).messages.text('unsupportedForm'), status };
}

/** The store is unreachable: refuse everything (fail closed) and say so. */
export function unavailablePage(req: RequestLike, settings: Settings): PageOutcome {
  const locale = settings.locales.pick(req, req.user);
  return { kind: 'page', view: buildPromptView(req, settings, { locale, state: 'blocked', heading: 'unavailableTitle', status: 503, mobile: '', error: locale.messages.text('unavailable') }) };
}

/** The page of a user held after too many wrong codes in a row (423): no code is sent or compared; the recovery path is its way in. */
export function heldPage(v: Verification): PageOutcome {
  return page(v, { state: 'held', status: 423, error: v.locale.messages.text('held') });
}

/** A page of this verification. */
export function page(v: Verification, parts: Omit<Parameters<typeof buildPromptView>[2], 'locale' | 'purpose' | 'mobile'>): PageOutcome {
  return { kind: 'page', view: buildPromptView(v.req, v.settings, { locale: v.locale, purpose: v.kind, mobile: v.maskedMobile, ...parts }) };
}
