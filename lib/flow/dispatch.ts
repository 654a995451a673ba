import { requestPath, requestQuery } from '../http/requestPath';
import { hasRecentCode } from '../session/recentVerification';
import type { Outcome } from './Outcome';
import { deliveryAnswer, refusedAction } from './outcomes';
import { resendCode } from './resendCode';
import { chooseAction, postedActions, takesRecoveryCode, type Choice } from './rules';
import { recoveryForm, useRecoveryCode } from './recoveryCode';
import { withRecoveryOffer } from './recoveryOffer';
import { redrawPage, showPrompt } from './showPrompt';
import { startStepUp, type RecentCodeRule } from './startStepUp';
import { dropNewNumber, submitMobile } from './submitMobile';
import type { Verification } from './Verification';
import { verifyCode } from './verifyCode';

/**
 * Runs what a request to a page of the flow asks for, if the verification's rules accept it: a
 * resend, another number, a number, a code, or the page. Anything else is refused (400), before
 * anything is sent, counted or changed. `recentCode`: where a new number needs a recent code (the
 * change page), how recent, and where to get one.
 */
export async function dispatch(v: Verification, body: Readonly<Record<string, unknown>>, recentCode?: RecentCodeRule): Promise<Outcome> {
  await v.chooseLocale();
  const { fields, rememberDevice, recoveryCodes, voiceProviders } = v.settings;
  const on = { rememberDevice: rememberDevice !== undefined, recoveryCodes: recoveryCodes !== undefined, voice: voiceProviders !== undefined };
  const choice = chooseAction(v.kind, v.stage, postedActions(body, fields), on);
  if (!choice) return withRecoveryOffer(v, refusedAction(v, redrawPage));
  if (recentCode && takesNewNumber(v, choice) && !hasRecentCode(v.req.session, v.settings.name, v.now, recentCode.maxAgeMs)) {
    return startStepUp(v.req, v.settings, { serialized: v.pending.user, userKey: v.userKey }, recentCode, requestPath(v.req));
  }
  return withRecoveryOffer(v, await run(v, choice, body));
}

async function run(v: Verification, choice: Choice, body: Readonly<Record<string, unknown>>): Promise<Outcome> {
  const { fields } = v.settings;
  if (choice.action !== 'show' && choice.action !== 'recoveryCode') v.pending.textChosen();
  switch (choice.action) {
    case 'show':
      return showPage(v);
    case 'resend':
      return resendCode(v, 'sms');
    case 'call':
      return resendCode(v, 'voice');
    case 'changeMobile':
      return dropNewNumber(v);
    case 'mobile':
      return submitMobile(v, body[fields.mobile]);
    case 'code':
      return verifyCode(v, body[fields.code], choice.remember);
    case 'recoveryCode':
      return useRecoveryCode(v, body[fields.recoveryCode]);
  }
}

/**
 * The page (or, for a script, its delivery state): the recovery form when the user asked for it (`?recovery`, or earlier in this
 * verification, until `?sms` takes them back to the text), else the verification's page as it stands.
 */
async function showPage(v: Verification): Promise<Outcome> {
  // A script following the delivery of the code sent: an answer that sends and changes nothing.
  if (wantsJson(v.req) && v.stage === 'code' && !v.pending.sendsOnVisit) return deliveryAnswer(v, await v.settings.store.inspect({ ...v.ref, now: v.now }));
  const query = requestQuery(v.req);
  if (v.settings.recoveryCodes && takesRecoveryCode(v.kind)) {
    if (query.has('recovery') || (v.pending.onRecoveryPath && !query.has('sms'))) return recoveryForm(v);
  }
  if (query.has('sms')) v.pending.textChosen();
  return showPrompt(v);
}

/** A script asking for the prompt's state (`Accept: application/json` and not HTML), not a browser asking for the page. */
function wantsJson(req: Verification['req']): boolean {
  const accept = req.headers.accept ?? '';
  return /\bapplication\/json\b/i.test(accept) && !/\btext\/html\b/i.test(accept);
}

/** Whether the request would take a new number: the number form, or a number posted, where the rules ask a recent code for one. */
function takesNewNumber(v: Verification, choice: Choice): boolean {
  return v.rules.newNumberNeedsRecentCode && (choice.action === 'mobile' || (choice.action === 'show' && v.stage === 'number'));
}

