import { fillPlaceholders } from './fillPlaceholders';
import { pluralForm, pluralRules, type PluralForms } from './pluralForm';

/**
 * Every piece of text the user sees. Placeholders in `{{double braces}}` are filled in;
 * keys ending in `_one` / `_other` are the singular and plural of one message.
 */
export interface PromptMessages {
  /** Title and heading of the code prompt. */
  title: string;
  /** Title and heading of the code prompt of a signed-in user confirming it is them (a step-up). */
  stepUpTitle: string;
  /** Title and heading of the page saying the store that keeps codes is unreachable (503). */
  unavailableTitle: string;
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
  /** Beside the resend button while the cooldown runs: `{{seconds}}` (also `{{count}}`) to wait. */
  resendWait_one: string;
  resendWait_other: string;
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
  /** The right code, but the app's verify callback refused the user without a message of its own. */
  signInRefused: string;
  /** The code's time ran out. */
  codeExpired: string;
  /** A code was submitted but none has been sent. */
  noCode: string;
  /** The form was sent without a code. */
  codeMissing: string;
  /** The input cannot be a code: `{{length}}` letters and digits expected. */
  codeMalformed: string;
  /** The input cannot be a code: `{{length}}` digits expected. */
  codeMalformedNumeric: string;
  /** Heading of a page that only says why no code can be sent or tried now. */
  blockedTitle: string;
  /** Heading of the page saying a code could not be sent. */
  sendFailedTitle: string;
  /** A resend within the cooldown: `{{seconds}}` to wait. */
  resendTooSoon_one: string;
  resendTooSoon_other: string;
  /** No resends left in this sign-in. */
  resendLimit: string;
  /** A send quota is used up: `{{wait}}` until a code can be sent again ("15 minutes"). */
  sendQuota: string;
  /**
   * A text refused by the limits against SMS pumping (toll fraud) or by the app's `beforeSend`:
   * nothing is said of why or for how long.
   */
  cannotTextNow: string;
  /** A call refused as `cannotTextNow` says of a text. */
  cannotCallNow: string;
  /** Too many wrong codes in a row: `{{wait}}` until the lock ends. */
  locked: string;
  /** The user's number cannot receive codes (invalid, premium-rate, or in a country not served). */
  mobileRefused: string;
  /** The provider did not take the message, and a try again may work: `{{mobile}}`. */
  sendFailed: string;
  /** The provider says the number on file cannot receive texts (invalid, unsubscribed, not a mobile): `{{mobile}}`. */
  sendFailedRecipient: string;
  /** The provider says the number just given cannot receive texts: the number form asks for another. */
  sendFailedNewNumber: string;
  /** Texts cannot go out until the app's provider set-up is fixed (credentials, account), or for a reason a try again will not change. */
  sendFailedSetup: string;
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
  /** Heading of the page asking a user without a number for one, at sign-in. */
  enrollTitle: string;
  /** Under that heading: why the number is needed. */
  enrollIntro: string;
  /** Heading of the page asking a signed-in user for their new number. */
  changeTitle: string;
  /** Under that heading. */
  changeIntro: string;
  /** The number field's label. */
  mobileLabel: string;
  /** Under the number field. */
  mobileHint: string;
  /** The button that sends a code to the number given. */
  sendCode: string;
  /** The button on the code prompt that goes back to the number form. */
  useDifferentNumber: string;
  /** The number form was sent empty. */
  mobileMissing: string;
  /** The number given is not a valid mobile number. */
  mobileInvalid: string;
  /** The number given is in a country not served. */
  mobileCountryNotAllowed: string;
  /** The number given is of a blocked type (premium-rate, shared-cost, …). */
  mobileTypeBlocked: string;
  /** The app's `enrollment.isAllowed` refused the number given. */
  mobileNotAllowed: string;
  /** The form asked for something this step does not offer (such as a number when one is on file). */
  unexpectedForm: string;
  /**
   * The number a code went to is no longer the account's (or a number was added elsewhere while
   * this one was being enrolled): the verification ended.
   */
  numberChanged: string;
  /** The text message sent to the OLD number after a change: `{{appName}}`. */
  mobileChangedSms: string;
  /** Heading of the page of a user held after too many wrong codes in a row (423). */
  heldTitle: string;
  /** A held user: no code is sent or checked until a recovery code or the app unlocks the account. */
  held: string;
  /** The link from the code prompt (and the pages that cannot send) to the recovery code form. */
  useRecoveryCode: string;
  /** Heading of the recovery code form. */
  recoveryTitle: string;
  /** Under that heading. */
  recoveryIntro: string;
  /** The recovery code field's label. */
  recoveryCodeLabel: string;
  /** Under the recovery code field. */
  recoveryCodeHint: string;
  /** The recovery form's submit button. */
  recoverySubmit: string;
  /** The link from the recovery form back to the code sent by text. */
  useTextInstead: string;
  /** The form was sent without a recovery code. */
  recoveryCodeMissing: string;
  /** The input cannot be a recovery code. */
  recoveryCodeMalformed: string;
  /** A recovery code that is not one of the user's (or was used already). */
  recoveryCodeWrong: string;
  /** Too many wrong recovery codes: `{{wait}}` until another may be tried. */
  recoveryLimit: string;
  /** A user who cannot receive a code and has no recovery codes: where to get help (apps set their own support path). */
  noRecoveryCodes: string;
  /** After a sign-in with a recovery code, when few are left: `{{count}}` left. */
  recoveryCodesLow_one: string;
  recoveryCodesLow_other: string;
  /** The text to the number on file after a recovery code was used: `{{appName}}`, `{{count}}` codes left. */
  recoveryCodeUsedSms_one: string;
  recoveryCodeUsedSms_other: string;
  /** The text to the number on file after a new set of recovery codes was created: `{{appName}}`. */
  recoveryCodesCreatedSms: string;
  /** Heading of the page offering a new set of recovery codes. */
  createRecoveryCodesTitle: string;
  /** Under that heading: a new set replaces the old one. */
  createRecoveryCodesIntro: string;
  /** The button that creates the set. */
  createRecoveryCodesSubmit: string;
  /** Heading of the page showing a new set, once. */
  recoveryCodesTitle: string;
  /** Under that heading: keep them safe, each works once, shown only now. */
  recoveryCodesIntro: string;
  /** The link that downloads the codes as a text file. */
  recoveryCodesDownload: string;
  /** The button that leaves the page of new codes. */
  recoveryCodesDone: string;
  /** The first line of the downloaded file: `{{appName}}`. */
  recoveryCodesFileTitle: string;
  /** The creation form was sent again (a reload): its codes are never shown again. */
  recoveryCodesShownOnce: string;
  /** The prompt after a receipt said the text failed: `{{mobile}}`. */
  deliveryFailed: string;
  /** The prompt after a receipt said the number cannot receive texts at all: `{{mobile}}`. */
  cannotReceiveTexts: string;
  /** The button that calls the number with a new code instead of texting it. */
  callMe: string;
  /** After a call was placed: `{{mobile}}`. */
  calling: string;
  /** The live delivery state, once the text was delivered. */
  delivered: string;
  /** The live delivery state, once the text failed. */
  notDelivered: string;
  /** What a call says: `{{appName}}`, and `{{digits}}` (the code's characters, one by one). Spoken, so short. */
  voiceMessage: string;
  /** The "remember this device" checkbox: `{{count}}` days. */
  rememberDevice_one: string;
  rememberDevice_other: string;
}

/** The English text. */
export const DEFAULT_MESSAGES: Readonly<PromptMessages> = Object.freeze({
  title: 'Enter your verification code',
  stepUpTitle: "Confirm it's you",
  unavailableTitle: 'Verification is temporarily unavailable',
  sentTo: 'We sent a code by text message to {{mobile}}.',
  codeLabel: 'Verification code',
  codeHintNumeric: 'The code has {{length}} digits.',
  codeHintAlphanumeric: 'The code has {{length}} letters and digits.',
  submit: 'Continue',
  resend: 'Send a new code',
  resendWait_one: 'You can ask for a new code in {{seconds}} second.',
  resendWait_other: 'You can ask for a new code in {{seconds}} seconds.',
  attemptsLeft_one: '{{count}} attempt left.',
  attemptsLeft_other: '{{count}} attempts left.',
  resent: 'We sent a new code to {{mobile}}. The previous code no longer works.',
  startOver: 'Sign in again',
  wrongCode_one: 'That code is not correct. {{count}} attempt left.',
  wrongCode_other: 'That code is not correct. {{count}} attempts left.',
  codeDead: 'That code is not correct, and too many wrong codes were entered: it no longer works. Send a new code.',
  codeUsed: 'That code has already been used.',
  signInRefused: 'This account cannot sign in. Contact us if you think this is a mistake.',
  codeExpired: 'That code has expired. Send a new code.',
  noCode: 'No code has been sent yet. Send a new code.',
  codeMissing: 'Enter the code from the text message.',
  codeMalformed: 'Enter the {{length}}-character code from the text message.',
  codeMalformedNumeric: 'Enter the {{length}}-digit code from the text message.',
  blockedTitle: 'Text-message verification is not possible right now',
  sendFailedTitle: 'We could not send your code',
  resendTooSoon_one: 'Please wait {{seconds}} second before asking for another code.',
  resendTooSoon_other: 'Please wait {{seconds}} seconds before asking for another code.',
  resendLimit: 'You have asked for too many codes. Sign in again to start over.',
  sendQuota: 'Too many codes have been sent to this account or number. Try again in {{wait}}.',
  cannotTextNow: "We can't send a text to this number right now.",
  cannotCallNow: "We can't call this number right now.",
  locked: 'Too many wrong codes were entered, so text-message verification is locked for this account. Try again in {{wait}}.',
  mobileRefused: 'We cannot send codes to the mobile number registered for this account. Please contact support to update it.',
  sendFailed: 'We could not send a code to {{mobile}}. Please try again.',
  sendFailedRecipient: "We can't send a text to this number ({{mobile}}). Please contact support to update it.",
  sendFailedNewNumber: "We can't send a text to this number. Enter another mobile number.",
  sendFailedSetup: "We can't send texts right now. Please contact support if this continues.",
  retry: 'Try again',
  noMobile: 'No mobile number is registered for this account.',
  unsupportedForm: 'The form could not be read. Please send it again from the page.',
  signInExpired: 'Your sign-in timed out. Please sign in again.',
  unavailable: 'Verification is unavailable right now. Please try again in a moment.',
  enrollTitle: 'Add your mobile number',
  enrollIntro: 'To keep your account safe, we text you a code each time you sign in. Enter the mobile number to use.',
  changeTitle: 'Change your mobile number',
  changeIntro: 'Enter your new mobile number. We will text a code to it to make sure it is yours.',
  mobileLabel: 'Mobile number',
  mobileHint: 'Include the country code, such as +1 201 555 0123.',
  sendCode: 'Send code',
  useDifferentNumber: 'Use a different number',
  mobileMissing: 'Enter your mobile number.',
  mobileInvalid: 'That is not a valid mobile number. Check it, and include the country code.',
  mobileCountryNotAllowed: 'We cannot send codes to numbers in that country. Enter another number.',
  mobileTypeBlocked: 'We cannot send codes to that kind of number. Enter a mobile number.',
  mobileNotAllowed: 'That number cannot be used for this account. Enter another number.',
  unexpectedForm: 'This page cannot do that. Please use the form on the page.',
  numberChanged: 'The mobile number of this account changed. Please sign in again.',
  mobileChangedSms: 'The mobile number for {{appName}} was changed. If this was not you, contact support.',
  heldTitle: 'Too many wrong codes',
  held: 'Too many wrong codes were entered for this account, so we no longer send or check text-message codes for it until it is unlocked.',
  useRecoveryCode: "Can't use your phone? Use a recovery code",
  recoveryTitle: 'Use a recovery code',
  recoveryIntro: 'Enter one of the recovery codes you saved. Each code works only once.',
  recoveryCodeLabel: 'Recovery code',
  recoveryCodeHint: '16 letters and digits. Dashes and spaces are optional.',
  recoverySubmit: 'Use this code',
  useTextInstead: 'Use a code sent by text message instead',
  recoveryCodeMissing: 'Enter one of your recovery codes.',
  recoveryCodeMalformed: 'A recovery code has 16 letters and digits, such as ABCD-EFGH-JKMN-PQRS.',
  recoveryCodeWrong: 'That recovery code is not correct, or it was used already.',
  recoveryLimit: 'Too many wrong recovery codes were entered. Try again in {{wait}}.',
  noRecoveryCodes: 'You have no recovery codes. Please contact support to get back into your account.',
  recoveryCodesLow_one: 'You have {{count}} recovery code left. Create new ones on your security page.',
  recoveryCodesLow_other: 'You have {{count}} recovery codes left. Create new ones on your security page.',
  recoveryCodeUsedSms_one: 'A recovery code was used to sign in to {{appName}}. {{count}} code is left. If this was not you, contact support.',
  recoveryCodeUsedSms_other: 'A recovery code was used to sign in to {{appName}}. {{count}} codes are left. If this was not you, contact support.',
  recoveryCodesCreatedSms: 'New recovery codes were created for {{appName}}. If this was not you, contact support.',
  createRecoveryCodesTitle: 'Create new recovery codes',
  createRecoveryCodesIntro: 'Recovery codes let you sign in when you cannot use your phone. A new set replaces any codes you have now: the old ones stop working.',
  createRecoveryCodesSubmit: 'Create new recovery codes',
  recoveryCodesTitle: 'Your recovery codes',
  recoveryCodesIntro: 'Save these codes somewhere safe, such as a password manager. Each code signs you in once if you cannot use your phone. They are shown only now.',
  recoveryCodesDownload: 'Download as text',
  recoveryCodesDone: 'Done',
  recoveryCodesFileTitle: 'Recovery codes for {{appName}}',
  recoveryCodesShownOnce: 'Those recovery codes were shown once and are not shown again. Create a new set if you did not save them.',
  deliveryFailed: 'We could not deliver the text to {{mobile}}.',
  cannotReceiveTexts: 'The number {{mobile}} cannot receive text messages.',
  callMe: 'Call me instead',
  calling: 'We are calling {{mobile}} with a new code. The previous code no longer works.',
  delivered: 'Delivered',
  notDelivered: 'Not delivered',
  voiceMessage: 'Your code for {{appName}} is {{digits}}. Again, your code is {{digits}}. Once more: {{digits}}.',
  rememberDevice_one: "Don't ask for a code on this device for {{count}} day",
  rememberDevice_other: "Don't ask for a code on this device for {{count}} days",
} satisfies PromptMessages);

/** Keys of messages that come in a singular and a plural. */
export type PluralKey = {
  [K in keyof PromptMessages]: K extends `${infer Base}_one` ? Base : never;
}[keyof PromptMessages];

/** Every message of one language, with the extra plural forms its language has (French `wrongCode_many`). */
export type LocaleMessages = PromptMessages & Partial<PluralForms<PluralKey>>;

/** Looks up and fills in the text of one message. */
export class MessageCatalog {
  private readonly rules: Intl.PluralRules;

  /**
   * @param messages - The texts of one language.
   * @param locale - The BCP 47 tag whose plural rules choose a message's form: in French 0 and 1 take
   *   the singular, in English only 1. Default `'en'`.
   * @throws {RangeError} When `locale` is not a well-formed language tag.
   */
  constructor(
    private readonly messages: Readonly<LocaleMessages>,
    locale = 'en',
  ) {
    this.rules = pluralRules(locale);
  }

  /** The message `key` with its placeholders filled in. */
  text(key: keyof PromptMessages, values: Record<string, string | number> = {}): string {
    return fillPlaceholders(this.messages[key], values);
  }

  /** The form of `key` for `count` in the catalog's language, with `{{count}}` and the other values filled in. */
  plural(key: PluralKey, count: number, values: Record<string, string | number> = {}): string {
    return fillPlaceholders(pluralForm(this.messages, key, count, this.rules), { ...values, count });
  }
}
