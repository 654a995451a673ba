import type { RequestLike } from '../http/types';

/**
 * Messages for the next page, kept where Passport's `failureMessage` keeps them (`session.messages`),
 * so the prompt shows a message of the package and one of Passport alike.
 */
export function flash(req: RequestLike, message: string): void {
  if (!req.session) return;
  req.session.messages = [...(req.session.messages ?? []), message];
}

/** The latest message for this page, if any; every waiting message is dropped, so none shows twice. */
export function takeLatestFlash(req: RequestLike): string | undefined {
  const messages = req.session?.messages;
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  delete req.session?.messages;
  const latest = messages[messages.length - 1];
  return typeof latest === 'string' ? latest : undefined;
}
