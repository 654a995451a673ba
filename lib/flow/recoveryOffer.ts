import { requestPathname } from '../http/requestPath';
import type { PromptView } from '../view/PromptView';
import type { Outcome, PageOutcome } from './Outcome';
import { takesRecoveryCode } from './rules';
import type { Verification } from './Verification';

/**
 * How each page offers recovery codes: `link`, a way in beside the text (the code prompt, the number
 * form at sign-in); `way_in`, on a page of a user who cannot get in by text (held, locked out, no
 * number, a text that cannot go out), the link or, without codes left, where to get help.
 */
const OFFERS: Readonly<Partial<Record<PromptView['state'], 'link' | 'way_in'>>> = {
  prompt: 'link',
  enroll: 'link',
  held: 'way_in',
  blocked: 'way_in',
  send_failed: 'way_in',
  recovery: 'way_in',
};

/**
 * Adds the recovery path to a page of a verification that takes recovery codes (when `recoveryCodes`
 * is on): the link to the recovery form when the user has codes left, or the help text on a page
 * that is otherwise a dead end. Asks the app's `count` only for such a page.
 */
export async function withRecoveryOffer(v: Verification, outcome: Outcome): Promise<Outcome> {
  if (!v.settings.recoveryCodes || !takesRecoveryCode(v.kind) || !v.pending.active) return outcome;
  if (outcome.kind === 'page') return offerOn(v, outcome);
  if (outcome.kind === 'fail' && outcome.page) {
    const page = outcome.page;
    return { ...outcome, page: async () => offerOn(v, await page()) };
  }
  return outcome;
}

/** The link to the recovery form of this verification's route. */
export function recoveryFormUrl(v: Verification): string {
  return `${requestPathname(v.req)}?recovery`;
}

async function offerOn(v: Verification, outcome: PageOutcome): Promise<PageOutcome> {
  const { view } = outcome;
  // A prompt that can send no more texts to this number is a dead end like the others.
  const offer = view.state === 'prompt' && view.cannotReceiveTexts ? 'way_in' : OFFERS[view.state];
  if (!offer) return outcome;
  const codesLeft = await v.recoveryCodesLeft();
  if (codesLeft > 0) return { kind: 'page', view: { ...view, recoveryUrl: view.state === 'recovery' ? undefined : recoveryFormUrl(v) } };
  if (offer === 'link') return outcome;
  return { kind: 'page', view: { ...view, recoveryHelp: v.locale.messages.text('noRecoveryCodes') } };
}
