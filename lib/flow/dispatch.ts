import { requestPath } from '../http/requestPath';
import { hasRecentCode } from '../session/recentVerification';
import type { Outcome } from './Outcome';
import { refusedAction } from './outcomes';
import { resendCode } from './resendCode';
import { chooseAction, postedActions, type Choice } from './rules';
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
  const { fields, rememberDevice } = v.settings;
  const choice = chooseAction(v.kind, v.stage, postedActions(body, fields), rememberDevice !== undefined);
  if (!choice) return refusedAction(v, redrawPage);
  if (recentCode && takesNewNumber(v, choice) && !hasRecentCode(v.req.session, v.settings.name, v.now, recentCode.maxAgeMs)) {
    return startStepUp(v.req, v.settings, { serialized: v.pending.user, userKey: v.userKey }, recentCode, requestPath(v.req));
  }
  switch (choice.action) {
    case 'show':
      return showPrompt(v);
    case 'resend':
      return resendCode(v);
    case 'changeMobile':
      return dropNewNumber(v);
    case 'mobile':
      return submitMobile(v, body[fields.mobile]);
    case 'code':
      return verifyCode(v, body[fields.code], choice.remember);
    case 'recoveryCode':
      return refusedAction(v, redrawPage);
  }
}

/** Whether the request would take a new number: the number form, or a number posted, where the rules ask a recent code for one. */
function takesNewNumber(v: Verification, choice: Choice): boolean {
  return v.rules.newNumberNeedsRecentCode && (choice.action === 'mobile' || (choice.action === 'show' && v.stage === 'number'));
}

