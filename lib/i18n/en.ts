import { DEFAULT_MESSAGES } from './messages';
import type { Locale } from './Locale';

/** English: the package's default text, the one every other locale is checked against. */
export const en: Locale = Object.freeze({
  tag: 'en',
  messages: DEFAULT_MESSAGES,
  messageTemplate: 'Your one-time password for {{appName}} is {{code}}. It expires in {{expiry}}.',
  defaultAppName: 'your account',
  durations: Object.freeze({
    hour_one: '{{count}} hour',
    hour_other: '{{count}} hours',
    minute_one: '{{count}} minute',
    minute_other: '{{count}} minutes',
    second_one: '{{count}} second',
    second_other: '{{count}} seconds',
    separator: ' ',
    lastSeparator: ' ',
  }),
});
