import { join } from 'node:path';
import type { PromptView } from '../../lib';

/** The `view` option that draws each page as its PromptView in JSON (see viewJson.ejs). */
export const VIEW_JSON = join(__dirname, 'viewJson.ejs');

/** What a page drawn with {@link VIEW_JSON} showed. */
export type ShownView = Pick<
  PromptView,
  'state' | 'purpose' | 'status' | 'action' | 'mobile' | 'error' | 'notice' | 'attemptsLeft' | 'recoveryUrl' | 'recoveryHelp' | 'codeUrl' | 'createToken' | 'recoveryCodes' | 'recoveryCodesFile' | 'doneUrl' | 'fields' | 'delivery' | 'canCall' | 'cannotReceiveTexts' | 'canResend' | 'resendWaitSeconds'
>;

/** The view of a page drawn with {@link VIEW_JSON}. */
export function shownView(response: { readonly text: string }): ShownView {
  return JSON.parse(response.text) as ShownView;
}
