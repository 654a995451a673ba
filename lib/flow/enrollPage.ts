import type { RequestLike } from '../http/types';
import type { LocaleText } from '../i18n/resolveLocales';
import type { Settings } from '../config/resolveSettings';
import type { Outcome } from './Outcome';
import { promptPage } from '../view/buildPromptView';

/** What the number form shows besides its fields. */
export interface EnrollPageParts {
  readonly locale: LocaleText;
  readonly purpose: 'enroll' | 'change_mobile';
  readonly status: number;
  /** Why the last number was refused. */
  readonly error?: string;
  /** The number as the user typed it, to correct it. */
  readonly mobileInput?: string;
}

/** The page asking for a mobile number: a user without one at sign-in, or a signed-in user changing theirs. */
export function enrollPage(req: RequestLike, settings: Settings, parts: EnrollPageParts): Outcome {
  return promptPage(req, settings, { state: 'enroll', mobile: '', ...parts });
}
