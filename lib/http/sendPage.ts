import type { ResponseLike } from './types';
import type { PromptView } from '../view/PromptView';
import type { Settings } from '../config/resolveSettings';

/** Sends a page of the flow, never cached (it may show a masked number and what is left of the limits). */
export function sendPage(res: ResponseLike, settings: Settings, view: PromptView): void {
  const html = settings.renderPrompt(view);
  res.statusCode = view.status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(html);
}
