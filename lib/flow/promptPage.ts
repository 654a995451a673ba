import type { RequestLike } from '../http';
import { requestPath } from '../requestPath';
import type { PromptView } from '../prompt/PromptView';
import type { Settings } from '../settings';
import type { Outcome } from './Outcome';

/** What varies between prompt pages. */
export interface PageParts {
  readonly state: PromptView['state'];
  readonly status: number;
  readonly mobile: string;
  /** A message for this page; otherwise the latest of Passport's failure messages is shown. */
  readonly error?: string;
  readonly notice?: string;
  readonly attemptsLeft?: number;
  readonly resendWaitSeconds?: number;
  readonly canResend?: boolean;
}

/** A page for the user, with the failure message Passport left in the session shown once. */
export function promptPage(req: RequestLike, settings: Settings, parts: PageParts): Outcome {
  const { messages, fields, otpLength, numericOnly, loginUrl } = settings;
  const resendWaitSeconds = parts.resendWaitSeconds ?? 0;
  const attemptsLeft = parts.attemptsLeft;
  const view: PromptView = {
    state: parts.state,
    status: parts.status,
    action: requestPath(req),
    loginUrl,
    mobile: parts.mobile,
    codeLength: otpLength,
    numericOnly,
    fields,
    csrfToken: csrfTokenOf(req),
    error: parts.error ?? takeLatestFailureMessage(req),
    notice: parts.notice,
    attemptsLeft,
    resendWaitSeconds,
    canResend: parts.canResend ?? false,
    text: {
      title: messages.text('title'),
      sentTo: messages.text('sentTo', { mobile: parts.mobile }),
      codeLabel: messages.text('codeLabel'),
      codeHint: messages.text(numericOnly ? 'codeHintNumeric' : 'codeHintAlphanumeric', { length: otpLength }),
      submit: messages.text('submit'),
      resend: messages.text('resend'),
      resendWait: messages.text('resendWait', { seconds: resendWaitSeconds }),
      attemptsLeft: messages.plural('attemptsLeft', attemptsLeft ?? 0),
      startOver: messages.text('startOver'),
      retry: messages.text('retry'),
    },
  };
  return { kind: 'page', view };
}

/** Passport's `failureMessage` pushes into `session.messages`; show the latest and drop them all. */
function takeLatestFailureMessage(req: RequestLike): string | undefined {
  const messages = req.session?.messages;
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  delete req.session?.messages;
  const latest = messages[messages.length - 1];
  return typeof latest === 'string' ? latest : undefined;
}

function csrfTokenOf(req: RequestLike): string | undefined {
  const token = req.res?.locals?.csrfToken;
  return typeof token === 'string' ? token : undefined;
}
