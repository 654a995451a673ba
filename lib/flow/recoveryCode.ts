import { readRecoveryCode } from '../recovery/recoveryCodeFormat';
import { SmsOtpError } from '../errors';
import { requestPathname } from '../http/requestPath';
import { humanDuration } from '../i18n/humanDuration';
import { sendNoticeToNumberOnFile } from '../sms/sendNotice';
import type { Outcome, PageOutcome } from './Outcome';
import { refusedByApp, userGone } from './endVerification';
import { page } from './outcomes';
import type { Verification } from './Verification';

/** When this many recovery codes or fewer are left after one is used, the user is told to create new ones. */
const FEW_CODES_LEFT = 3;

/**
 * The recovery code form, instead of the code prompt: nothing is sent. It stays the prompt's page
 * (also after a failure's redirect) until the user chooses the text again.
 */
export async function recoveryForm(v: Verification, parts: { readonly status?: number; readonly notice?: string; readonly textPossible?: boolean } = {}): Promise<PageOutcome> {
  v.pending.recoveryChosen();
  const held = parts.textPossible === false || (await v.settings.store.inspect({ ...v.ref, now: v.now })).held;
  return page(v, { state: 'recovery', status: parts.status ?? 200, notice: parts.notice, codeUrl: held ? undefined : `${requestPathname(v.req)}?sms` });
}

/**
 * A recovery code instead of the SMS code: one try, counted by the store (apart from wrong SMS
 * codes, and open to a held or locked-out user), then the app's `consume`, which answers `true` for
 * one request only. A right one ends the verification as a right SMS code does and releases the
 * user's lock or hold; the number on file is told, and how many codes are left.
 */
export async function useRecoveryCode(v: Verification, input: unknown): Promise<Outcome> {
  const { settings, now, rules } = v;
  const { messages } = v.locale;
  const recovery = settings.recoveryCodes;
  const store = settings.recoveryStore;
  if (!recovery || !store) throw new SmsOtpError('A recovery code can only be used with the recoveryCodes option.');
  v.pending.recoveryChosen();
  const read = readRecoveryCode(input);
  if ('problem' in read) return { kind: 'fail', message: messages.text(read.problem === 'missing' ? 'recoveryCodeMissing' : 'recoveryCodeMalformed'), status: 400 };
  const user = await v.user();
  if (user === undefined) return userGone(v);

  const attempt = await store.takeRecoveryAttempt({ ...v.ref, now, rule: recovery.attempts });
  if (!attempt.granted) {
    if (attempt.reason === 'ended') {
      v.pending.end();
      return { kind: 'fail', message: messages.text('codeUsed'), status: 401 };
    }
    v.event('failed', { reason: 'recovery_limit' });
    const wait = humanDuration(Math.max(1, Math.ceil(attempt.retryAfterMs / 1000)), v.locale);
    return { kind: 'fail', message: messages.text('recoveryLimit', { wait }), status: 429 };
  }
  if (!(await recovery.consume(user, recovery.hasher.hash(read.code), v.req))) {
    v.event('failed', { reason: 'wrong_recovery_code' });
    return { kind: 'fail', message: messages.text('recoveryCodeWrong'), status: 401 };
  }

  // The code is spent: the verification ends here, whatever follows.
  const used = await store.recoveryCodeUsed({ ...v.ref, now, rule: recovery.attempts, endedTtlMs: settings.pendingTimeoutMs });
  v.pending.end();
  if (used.status === 'ended') return { kind: 'fail', message: messages.text('codeUsed'), status: 401 };
  if (used.released !== 'nothing') v.event('unlocked', { reason: used.released });
  const confirmation = rules.ends === 'sign_in' ? await settings.confirmSignIn(v.req, user) : { user };
  const codesLeft = await recovery.count(user, v.req);
  v.event('recovery_code_used', { codesLeft });
  const body = messages.plural('recoveryCodeUsedSms', codesLeft, { appName: v.locale.sms.appName });
  await sendNoticeToNumberOnFile(settings, user, v.req, { body, locale: v.locale.tag }, (failure) => v.event('send_failed', { ...failure, reason: 'recovery_notice' }));
  if ('refused' in confirmation) return refusedByApp(v, confirmation.refused);
  const notices = codesLeft <= FEW_CODES_LEFT ? [messages.plural('recoveryCodesLow', codesLeft)] : [];
  if (rules.ends === 'sign_in') return { kind: 'signed_in', user: confirmation.user, info: confirmation.info, verifiedAt: now, notices };
  return { kind: 'verified_again', user, verifiedAt: now, returnTo: v.pending.returnTo ?? '/', notices };
}
