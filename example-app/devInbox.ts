import { Router } from 'express';
import { ConsoleProvider, smsSegments, type SmsMessage, type SmsProvider, type SmsSegments } from '../lib';
import { isAddressedToThisMachine, isFromThisMachine } from './localOnly';

/** One text message as the development inbox shows it. */
export interface InboxMessage {
  readonly to: string;
  readonly body: string;
  readonly sentAt: Date;
  /** What the text would cost: GSM-7 or UCS-2, and the SMS it is billed as. */
  readonly cost: SmsSegments;
}

/**
 * A development SMS provider: the package's `ConsoleProvider` (which prints each text) that also
 * keeps the texts, so `/dev/sms` can show them to someone without a phone. Development only:
 * `ConsoleProvider` refuses to start in production, and the inbox route is not mounted there.
 */
export class DevInbox implements SmsProvider {
  readonly name = 'dev-inbox';
  readonly #console: ConsoleProvider;
  readonly #messages: InboxMessage[] = [];
  readonly #limit: number;

  /** `write`: where the console provider prints (default standard error); `limit`: texts kept (default 50). */
  constructor(options: { write?: (text: string) => void; limit?: number } = {}) {
    this.#console = new ConsoleProvider({ write: options.write });
    this.#limit = options.limit ?? 50;
  }

  async send(message: SmsMessage): Promise<unknown> {
    const result = await this.#console.send(message);
    this.#messages.unshift({ to: message.to, body: message.body, sentAt: new Date(), cost: smsSegments(message.body) });
    this.#messages.length = Math.min(this.#messages.length, this.#limit);
    return result;
  }

  /** The texts sent, newest first. */
  get messages(): readonly InboxMessage[] {
    return [...this.#messages];
  }
}

/** `GET /dev/sms`: the inbox page. */
export function devInboxRouter(inbox: DevInbox): Router {
  const router = Router();
  router.get('/dev/sms', (req, res, next) => {
    // Codes are secrets even in development: only this machine may read them, never through a proxy.
    if (!isFromThisMachine(req)) return next();
    res.set('Cache-Control', 'no-store');
    if (!isAddressedToThisMachine(req)) {
      res.status(421).render('error', { title: 'Not served under this name', message: 'The SMS inbox answers only at localhost, 127.0.0.1 or [::1].' });
      return;
    }
    res.render('inbox', { title: 'Development SMS inbox', messages: inbox.messages });
  });
  return router;
}
