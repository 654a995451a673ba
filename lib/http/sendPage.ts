import type { ResponseLike } from './types';
import type { PromptView } from '../view/PromptView';
import type { Settings } from '../config/resolveSettings';

/**
 * Sends a page of the flow, never cached (it may show a masked number and what is left of the
 * limits). The page is rendered first: a render error leaves the response untouched for the app's
 * error handler.
 */
export async function sendPage(res: ResponseLike, settings: Settings, view: PromptView): Promise<void> {
  const html = await settings.renderPage(res, view);
  res.statusCode = view.status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(html);
}

/** Sends a small JSON answer of the flow (the prompt's delivery state), never cached. */
export function sendJson(res: ResponseLike, body: unknown): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}
