import type { SmsMessage } from '../SmsProvider';

/** A phone number as the Voice API takes it: digits only. */
export type PhoneEndpoint = {
  readonly type: 'phone';
  readonly number: string;
};

/** An NCCO `talk` action: Vonage's text-to-speech says `text` in `language`. */
export type TalkAction = {
  readonly action: 'talk';
  readonly text: string;
  readonly language?: string;
};

/** What `voice.createOutboundCall` gets: who to call, from which number, and what to say. */
export type OutboundTalkCall = {
  readonly to: PhoneEndpoint[];
  readonly from: PhoneEndpoint;
  readonly ncco: TalkAction[];
};

/**
 * The text-to-speech language of each of the package's languages, with the region Vonage's voices
 * use for it when the request names none (https://developer.vonage.com/voice/voice-api/concepts/text-to-speech).
 */
const TALK_LANGUAGES: ReadonlyMap<string, string> = new Map([
  ['en', 'en-US'],
  ['de', 'de-DE'],
  ['es', 'es-ES'],
  ['fr', 'fr-FR'],
  ['pt', 'pt-BR'],
]);

/** International number as bare digits, as both Vonage APIs take it. */
export function bareDigits(number: string): string {
  return number.replace(/[\s().+-]/g, '');
}

/**
 * The call that speaks the message: one `talk` action with the whole text (the package already
 * repeats the code in it), in the message's language; a language Vonage is not told of is spoken
 * in its default voice (American English).
 */
export function talkCall(message: SmsMessage, from: string): OutboundTalkCall {
  const language = TALK_LANGUAGES.get(message.locale.split('-')[0].toLowerCase());
  return {
    to: [{ type: 'phone', number: bareDigits(message.to) }],
    from: { type: 'phone', number: from },
    ncco: [{ action: 'talk', text: message.body, ...(language ? { language } : {}) }],
  };
}
