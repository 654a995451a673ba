import { fillPlaceholders } from '../fillPlaceholders';

/**
 * Every piece of text the user sees. Placeholders in `{{double braces}}` are filled in;
 * keys ending in `_one` / `_other` are the singular and plural of one message.
 */
export interface PromptMessages {
  /** Page title and heading. */
  title: string;
  /** Under the heading: `{{mobile}}` is the masked number. */
  sentTo: string;
  /** The code field's label. */
  codeLabel: string;
  /** Under the code field: `{{length}}` characters, digits only. */
  codeHintNumeric: string;
  /** Under the code field: `{{length}}` characters, letters and digits. */
  codeHintAlphanumeric: string;
  /** The submit button. */
  submit: string;
  /** The resend button. */
  resend: string;
  /** Beside the resend button while the cooldown runs: `{{seconds}}`. */
  resendWait: string;
  /** Attempts left on the current code: `{{count}}`. */
  attemptsLeft_one: string;
  attemptsLeft_other: string;
  /** After a resend: `{{mobile}}`. */
  resent: string;
  /** The link back to the password step. */
  startOver: string;
  /** A wrong code, with attempts left: `{{count}}`. */
  wrongCode_one: string;
  wrongCode_other: string;
  /** The code took its last wrong attempt. */
  codeDead: string;
  /** The right code, but a parallel submission of it signed in first. */
  codeUsed: string;
  /** The code's time ran out. */
  codeExpired: string;
  /** A code was submitted but none has been sent. */
  noCode: string;
  /** The form was sent without a code. */
  codeMissing: string;
  /** The input cannot be a code: `{{length}}` characters expected. */
  codeMalformed: string;
  /** A resend within the cooldown: `{{seconds}}` to wait. */
  resendTooSoon_one: string;
  resendTooSoon_other: string;
  /** No resends left in this sign-in. */
  resendLimit: string;
  /** A send quota is used up: `{{wait}}` until a code can be sent again ("15 minutes"). */
  sendQuota: string;
  /** Too many wrong codes in a row: `{{wait}}` until the lock ends. */
  locked: string;
  /** The user's number cannot receive codes (invalid, premium-rate, or in a country not served). */
  mobileRefused: string;
  /** The provider did not take the message: `{{mobile}}`. */
  sendFailed: string;
  /** The retry button on the send-failed page. */
  retry: string;
  /** The user has no mobile number. */
  noMobile: string;
  /** The form could not be read: a format the app does not parse (415), or not a set of fields (400). */
  unsupportedForm: string;
  /** The pending sign-in lapsed. */
  signInExpired: string;
  /** The store that keeps codes is unreachable. */
  unavailable: string;
}

/** The English text. */
export const DEFAULT_MESSAGES: Readonly<PromptMessages> = Object.freeze({
  title: 'Enter your verification code',
  sentTo: 'We sent a code by text message to {{mobile}}.',
  codeLabel: 'Verification code',
  codeHintNumeric: 'The code has {{length}} digits.',
  codeHintAlphanumeric: 'The code has {{length}} letters and digits.',
  submit: 'Continue',
  resend: 'Send a new code',
  resendWait: 'You can ask for a new code in {{seconds}} seconds.',
  attemptsLeft_one: '{{count}} attempt left.',
  attemptsLeft_other: '{{count}} attempts left.',
  resent: 'We sent a new code to {{mobile}}. The previous code no longer works.',
  startOver: 'Sign in again',
  wrongCode_one: 'That code is not correct. {{count}} attempt left.',
  wrongCode_other: 'That code is not correct. {{count}} attempts left.',
  codeDead: 'That code is not correct, and too many wrong codes were entered: it no longer works. Send a new code.',
  codeUsed: 'That code has already been used.',
  codeExpired: 'That code has expired. Send a new code.',
  noCode: 'No code has been sent yet. Send a new code.',
  codeMissing: 'Enter the code from the text message.',
  codeMalformed: 'Enter the {{length}}-character code from the text message.',
  resendTooSoon_one: 'Please wait {{seconds}} second before asking for another code.',
  resendTooSoon_other: 'Please wait {{seconds}} seconds before asking for another code.',
  resendLimit: 'You have asked for too many codes. Sign in again to start over.',
  sendQuota: 'Too many codes have been sent to this account or number. Try again in {{wait}}.',
  locked: 'Too many wrong codes were entered, so text-message verification is locked for this account. Try again in {{wait}}.',
  mobileRefused: 'We cannot send codes to the mobile number registered for this account. Please contact support to update it.',
  sendFailed: 'We could not send a code to {{mobile}}. Please try again.',
  retry: 'Try again',
  noMobile: 'No mobile number is registered for this account.',
  unsupportedForm: 'The form could not be read. Please send it again from the page.',
  signInExpired: 'Your sign-in timed out. Please sign in again.',
  unavailable: 'Verification is unavailable right now. Please try again in a moment.',
} satisfies PromptMessages);

/** Keys of messages that come in a singular and a plural. */
type PluralKey = {
  [K in keyof PromptMessages]: K extends `${infer Base}_one` ? Base : never;
}[keyof PromptMessages];

/** Looks up and fills in the text of one message. */
export class MessageCatalog {
  constructor(private readonly messages: Readonly<PromptMessages>) {}

  /** The message `key` with its placeholders filled in. */
  text(key: keyof PromptMessages, values: Record<string, string | number> = {}): string {
    return fillPlaceholders(this.messages[key], values);
  }

  /** The singular or plural of `key` for `count`, with `{{count}}` and the other values filled in. */
  plural(key: PluralKey, count: number, values: Record<string, string | number> = {}): string {
    return this.text(count === 1 ? `${key}_one` : `${key}_other`, { ...values, count });
  }
}
