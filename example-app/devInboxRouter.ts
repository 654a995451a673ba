import { Router, type Request, type RequestHandler } from 'express';
import type { DevInbox, InboxReceipt } from './devInbox';
import { postDevReceipt, type DevReceipt } from './devReceipts';
import { isAddressedToThisMachine, isFromThisMachine } from './localOnly';
import { exposeCsrfToken } from './security';

/** The inbox page's "Mark …" buttons: the receipt each one posts, beside the message's id. */
const MARKS: Readonly<Record<string, Omit<DevReceipt, 'messageId'>>> = {
  delivered: { state: 'delivered' },
  undelivered: { state: 'failed', code: 'undelivered' },
  'cannot-receive-texts': { state: 'failed', code: 'cannot-receive-texts', fault: 'recipient' },
};

/**
 * `GET /dev/sms`, the inbox page, and `POST /dev/sms/mark`, its "Mark delivered" and "Mark
 * undelivered" buttons: the inbox posts the receipt to the app's receipts URL (`receiptsPath`), as
 * a provider would, then shows what the app made of it.
 */
export function devInboxRouter(inbox: DevInbox, receiptsPath: string): Router {
  const router = Router();
  router.get('/dev/sms', thisMachineOnly, exposeCsrfToken, (_req, res) => {
    res.render('inbox', { title: 'Development SMS inbox', messages: inbox.messages });
  });
  router.post('/dev/sms/mark', thisMachineOnly, (req, res, next) => {
    const { id, mark } = req.body as { id?: unknown; mark?: unknown };
    const message = typeof id === 'string' ? inbox.message(id) : undefined;
    const receipt = typeof mark === 'string' ? MARKS[mark] : undefined;
    if (!message || !receipt || message.channel !== 'sms') {
      res.status(400).render('error', { title: 'No such text to mark', message: 'The inbox keeps the latest 50 messages, and marks texts only. Go back to the inbox and try again.' });
      return;
    }
    postDevReceipt(req, receiptsPath, { messageId: message.id, ...receipt }).then((answer) => {
      inbox.noteReceipt(message.id, receiptNote(receipt, answer));
      res.redirect(303, '/dev/sms');
    }, next);
  });
  return router;
}

function receiptNote(receipt: Omit<DevReceipt, 'messageId'>, answer: number): InboxReceipt {
  return { state: receipt.state, cannotReceiveTexts: receipt.fault === 'recipient', answer };
}

/**
 * Codes are secrets even in development: only this machine may read them, never through a proxy
 * (anyone else gets the 404 page), and only under its own name (against DNS rebinding).
 */
const thisMachineOnly: RequestHandler = (req: Request, res, next) => {
  if (!isFromThisMachine(req)) return next('router');
  res.set('Cache-Control', 'no-store');
  if (!isAddressedToThisMachine(req)) {
    res.status(421).render('error', { title: 'Not served under this name', message: 'The SMS inbox answers only at localhost, 127.0.0.1 or [::1].' });
    return;
  }
  next();
};
