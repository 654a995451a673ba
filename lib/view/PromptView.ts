import type { VerificationKind } from '../flow/rules';

/** Everything a prompt template receives. All text is final: the template only lays it out. */
export interface PromptView {
  /**
   * `prompt`: ask for the code; `enroll`: ask for a mobile number (a user without one at sign-in,
   * or a signed-in user changing theirs); `send_failed`: the message did not go out, offer a retry;
   * `blocked`: only a message and a way back to sign-in; `held`: the user is held after too many
   * wrong codes in a row (423), only the recovery path is offered; `recovery`: ask for a recovery
   * code; `create_recovery_codes`: offer a signed-in user a new set of recovery codes;
   * `recovery_codes`: show a new set, once.
   */
  readonly state: 'prompt' | 'enroll' | 'send_failed' | 'blocked' | 'held' | 'recovery' | 'create_recovery_codes' | 'recovery_codes';
  /**
   * What is being verified: `sign_in` (the number on file), `enroll` (a number given at sign-in),
   * `change_mobile` (a signed-in user's new number), `step_up` (a signed-in user confirming before
   * a sensitive action). The code prompt offers "use a different number" for `enroll` and
   * `change_mobile`, and "sign in again" for `sign_in` and `enroll`.
   */
  readonly purpose: VerificationKind;
  /** With `rememberDevice` on, at sign-in: the days a ticked "remember" box skips the code for. */
  readonly rememberDays: number | undefined;
  /** The page's language, a BCP 47 tag for `<html lang>` (see the `locale` option). */
  readonly lang: string;
  /** The HTTP status the page is sent with. */
  readonly status: number;
  /** Where the forms post to: the request's path and query, never a scheme or host. */
  readonly action: string;
  /** Where "sign in again" leads. */
  readonly loginUrl: string;
  /** The masked mobile number, or `''`. */
  readonly mobile: string;
  /** Characters in a code. */
  readonly codeLength: number;
  /** Whether codes are digits only. */
  readonly numericOnly: boolean;
  /** Names of the form fields. */
  readonly fields: {
    readonly code: string;
    readonly resend: string;
    readonly call: string;
    readonly mobile: string;
    readonly changeMobile: string;
    readonly remember: string;
    readonly recoveryCode: string;
  };
  /**
   * What became of the text that carried the current code, when its provider sends delivery
   * receipts: `accepted` (no word yet), `delivered`, `failed`; `null` when it has none (the prompt
   * then shows no delivery state). A script may follow it live: a GET of `action` with
   * `Accept: application/json` answers `{ delivery, canCall }` and changes nothing.
   */
  readonly delivery: 'accepted' | 'delivered' | 'failed' | null;
  /** Whether the prompt offers "Call me instead" (`voice` on, a number someone verified, a provider that calls). */
  readonly canCall: boolean;
  /**
   * When the text failed because the number cannot receive texts at all (a landline): the prompt
   * offers no new text, only the call (when `canCall`) or the recovery path.
   */
  readonly cannotReceiveTexts: boolean;
  /**
   * The link to the recovery code form ("Can't use your phone?"), when the user has recovery codes
   * left and this verification takes one; otherwise `undefined`.
   */
  readonly recoveryUrl: string | undefined;
  /**
   * On the pages of a user who cannot get in by text (held, locked out, no number, a number that
   * cannot receive texts) and has no recovery codes: where to get help (`messages.noRecoveryCodes`).
   */
  readonly recoveryHelp: string | undefined;
  /** On the `recovery` form: the link back to the code sent by text, when one can be sent or is out. */
  readonly codeUrl: string | undefined;
  /** On the `create_recovery_codes` form: a one-time token the form posts back (field `recoveryCodesToken`). */
  readonly createToken: string | undefined;
  /** On the `recovery_codes` page: the new codes, as `XXXX-XXXX-XXXX-XXXX`. Shown this once. */
  readonly recoveryCodes: readonly string[] | undefined;
  /** On the `recovery_codes` page: a `data:text/plain` URL of the codes, for "Download as text". */
  readonly recoveryCodesFile: string | undefined;
  /** On the `recovery_codes` and `create_recovery_codes` pages: where "Done" (or "Cancel") leads. */
  readonly doneUrl: string | undefined;
  /** On the `enroll` page after a refusal: the number as the user typed it. */
  readonly mobileInput: string;
  /**
   * The nonce from `res.locals.cspNonce`, when the app set one: the view puts it on its `<style>`,
   * so the page is styled under a strict Content-Security-Policy (`style-src 'nonce-…'`).
   */
  readonly cspNonce: string | undefined;
  /** The CSRF token from `res.locals.csrfToken`, when the app set one. */
  readonly csrfToken: string | undefined;
  /** The latest failure message, shown once. */
  readonly error: string | undefined;
  /** A notice such as "we sent a new code". */
  readonly notice: string | undefined;
  /**
   * Attempts left on the current code, when one is out and `error` does not already say them (the
   * message of a wrong code does).
   */
  readonly attemptsLeft: number | undefined;
  /** Seconds until a new code may be asked for (0: now). */
  readonly resendWaitSeconds: number;
  /**
   * Whether any resend (a text or, with `canCall`, a call) is left in this sign-in. A new text is
   * offered only when the number can receive texts too (see `cannotReceiveTexts`).
   */
  readonly canResend: boolean;
  /** The text of the page. */
  readonly text: {
    /** The page's `<title>`: what this page is for, as its heading says. */
    readonly title: string;
    /**
     * The page's heading: what this page is for (the code, confirming it is you, a number to add or
     * change, why nothing can be sent, a failed send, a service unavailable).
     */
    readonly heading: string;
    readonly sentTo: string;
    readonly codeLabel: string;
    readonly codeHint: string;
    readonly submit: string;
    readonly resend: string;
    readonly resendWait: string;
    readonly attemptsLeft: string;
    readonly startOver: string;
    readonly retry: string;
    /** The `enroll` page's heading and introduction (enrollment or change). */
    readonly enrollTitle: string;
    readonly enrollIntro: string;
    readonly mobileLabel: string;
    readonly mobileHint: string;
    readonly sendCode: string;
    readonly useDifferentNumber: string;
    /** The "remember this device" checkbox's label. */
    readonly rememberDevice: string;
    readonly useRecoveryCode: string;
    readonly recoveryIntro: string;
    readonly recoveryCodeLabel: string;
    readonly recoveryCodeHint: string;
    readonly recoverySubmit: string;
    readonly useTextInstead: string;
    readonly createRecoveryCodesIntro: string;
    readonly createRecoveryCodesSubmit: string;
    readonly recoveryCodesIntro: string;
    readonly recoveryCodesDownload: string;
    readonly recoveryCodesDone: string;
    /** The "Call me instead" button. */
    readonly callMe: string;
    /** The live state's words, for a script that follows the delivery. */
    readonly delivered: string;
    readonly notDelivered: string;
  };
}
