import type { RequestLike } from '../http/types';
import type { LocaleText } from '../i18n/resolveLocales';
import { requestPath } from '../http/requestPath';
import type { MessageCatalog, PromptMessages } from '../i18n/messages';
import type { PromptView } from './PromptView';
import type { Settings } from '../config/resolveSettings';
import { offersRemember } from '../flow/rules';
import { takeLatestFlash } from '../session/flash';

/** What varies between prompt pages. */
export interface PageParts {
  /** The request's language: `signIn.locale`, or `settings.locales.pick(req, req.user)` outside a verification. */
  readonly locale: LocaleText;
  readonly state: PromptView['state'];
  /** Default `sign_in`. */
  readonly purpose?: PromptView['purpose'];
  readonly status: number;
  readonly mobile: string;
  /** A message for this page; otherwise the latest of Passport's failure messages is shown. */
  readonly error?: string;
  readonly notice?: string;
  readonly attemptsLeft?: number;
  readonly resendWaitSeconds?: number;
  readonly canResend?: boolean;
  readonly mobileInput?: string;
  /** The page's title and heading, when its state and purpose do not say it (the 503 of a store outage). */
  readonly heading?: keyof PromptMessages;
  readonly recoveryUrl?: string;
  readonly recoveryHelp?: string;
  readonly codeUrl?: string;
  readonly createToken?: string;
  readonly delivery?: PromptView['delivery'];
  readonly canCall?: boolean;
  readonly cannotReceiveTexts?: boolean;
  /** A new set of recovery codes, as shown (`recovery_codes`); the download carries them too. */
  readonly recoveryCodes?: readonly string[];
  readonly doneUrl?: string;
}

/** A page for the user, with the failure message Passport (or the flow) left in the session shown once. */
export function buildPromptView(req: RequestLike, settings: Settings, parts: PageParts): PromptView {
  const { fields, otpLength, numericOnly, loginUrl } = settings;
  const { messages } = parts.locale;
  const resendWaitSeconds = parts.resendWaitSeconds ?? 0;
  const purpose = parts.purpose ?? 'sign_in';
  const error = parts.error ?? takeLatestFlash(req);
  const attemptsLeft = saysAttemptsLeft(messages, error, parts.attemptsLeft) ? undefined : parts.attemptsLeft;
  const heading = messages.text(parts.heading ?? HEADINGS[parts.state](purpose));
  const rememberDays = settings.rememberDevice && offersRemember(purpose) ? settings.rememberDevice.days : undefined;
  const view: PromptView = {
    state: parts.state,
    purpose,
    lang: parts.locale.tag,
    rememberDays,
    status: parts.status,
    action: requestPath(req),
    loginUrl,
    mobile: parts.mobile,
    codeLength: otpLength,
    numericOnly,
    fields,
    mobileInput: parts.mobileInput ?? '',
    csrfToken: localString(req, 'csrfToken'),
    cspNonce: localString(req, 'cspNonce'),
    error,
    notice: parts.notice,
    attemptsLeft,
    resendWaitSeconds,
    canResend: parts.canResend ?? false,
    delivery: parts.delivery ?? null,
    canCall: parts.canCall ?? false,
    cannotReceiveTexts: parts.cannotReceiveTexts ?? false,
    recoveryUrl: parts.recoveryUrl,
    recoveryHelp: parts.recoveryHelp,
    codeUrl: parts.codeUrl,
    createToken: parts.createToken,
    recoveryCodes: parts.recoveryCodes,
    recoveryCodesFile: parts.recoveryCodes && recoveryCodesFile(messages.text('recoveryCodesFileTitle', { appName: parts.locale.sms.appName }), parts.recoveryCodes),
    doneUrl: parts.doneUrl,
    text: {
      title: heading,
      heading,
      sentTo: messages.text('sentTo', { mobile: parts.mobile }),
      codeLabel: messages.text('codeLabel'),
      codeHint: messages.text(numericOnly ? 'codeHintNumeric' : 'codeHintAlphanumeric', { length: otpLength }),
      submit: messages.text('submit'),
      resend: messages.text('resend'),
      resendWait: messages.plural('resendWait', resendWaitSeconds, { seconds: resendWaitSeconds }),
      attemptsLeft: messages.plural('attemptsLeft', attemptsLeft ?? 0),
      startOver: messages.text('startOver'),
      retry: messages.text('retry'),
      enrollTitle: messages.text(purpose === 'change_mobile' ? 'changeTitle' : 'enrollTitle'),
      enrollIntro: messages.text(purpose === 'change_mobile' ? 'changeIntro' : 'enrollIntro'),
      mobileLabel: messages.text('mobileLabel'),
      mobileHint: messages.text('mobileHint'),
      sendCode: messages.text('sendCode'),
      useDifferentNumber: messages.text('useDifferentNumber'),
      rememberDevice: messages.plural('rememberDevice', rememberDays ?? 0),
      useRecoveryCode: messages.text('useRecoveryCode'),
      recoveryIntro: messages.text('recoveryIntro'),
      recoveryCodeLabel: messages.text('recoveryCodeLabel'),
      recoveryCodeHint: messages.text('recoveryCodeHint'),
      recoverySubmit: messages.text('recoverySubmit'),
      useTextInstead: messages.text('useTextInstead'),
      createRecoveryCodesIntro: messages.text('createRecoveryCodesIntro'),
      createRecoveryCodesSubmit: messages.text('createRecoveryCodesSubmit'),
      recoveryCodesIntro: messages.text('recoveryCodesIntro'),
      recoveryCodesDownload: messages.text('recoveryCodesDownload'),
      recoveryCodesDone: messages.text('recoveryCodesDone'),
      callMe: messages.text('callMe'),
      delivered: messages.text('delivered'),
      notDelivered: messages.text('notDelivered'),
    },
  };
  return view;
}

/** Whether the error is the message of a wrong code, which says the attempts left: the page does not say them again. */
function saysAttemptsLeft(messages: MessageCatalog, error: string | undefined, attemptsLeft: number | undefined): boolean {
  return error !== undefined && attemptsLeft !== undefined && error === messages.plural('wrongCode', attemptsLeft);
}

/** A string the app left in `res.locals` for the view (the CSRF token, the CSP nonce). */
function localString(req: RequestLike, name: string): string | undefined {
  const value = req.res?.locals?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** Each page's title and heading say what that page is for. */
const HEADINGS: Readonly<Record<PromptView['state'], (purpose: PromptView['purpose']) => keyof PromptMessages>> = {
  prompt: (purpose) => (purpose === 'step_up' ? 'stepUpTitle' : 'title'),
  enroll: (purpose) => (purpose === 'change_mobile' ? 'changeTitle' : 'enrollTitle'),
  blocked: () => 'blockedTitle',
  send_failed: () => 'sendFailedTitle',
  held: () => 'heldTitle',
  recovery: () => 'recoveryTitle',
  create_recovery_codes: () => 'createRecoveryCodesTitle',
  recovery_codes: () => 'recoveryCodesTitle',
};

/** The codes as a text file carried in the page itself (a `data:` URL): nothing is fetched, so nothing can show them again. */
function recoveryCodesFile(title: string, codes: readonly string[]): string {
  return `data:text/plain;charset=utf-8,${encodeURIComponent(`${title}\n\n${codes.join('\n')}\n`)}`;
}
