import type { ResponseLike } from './http';
import type { PromptView } from './prompt/PromptView';
import type { Settings } from './settings';

/** Sends a page of the flow, never cached (it may show a masked number and what is left of the limits). */
export function sendPage(res: ResponseLike, settings: Settings, view: PromptView): void {
  const html = settings.renderPrompt(view);
  res.statusCode = view.status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(html);
}
