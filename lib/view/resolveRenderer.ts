import { DEFAULTS } from '../config/defaults';
import { optional } from '../config/validate';
import { compilePrompt } from './compilePrompt';
import { DEFAULT_VIEW } from './packageViews';
import type { PageRenderer } from './PageRenderer';
import { renderInApp } from './renderInApp';

/** Where the pages are drawn: `'package'`, by the package's EJS; `'app'`, by the app's `res.render`. */
export const RENDER_CHOICES = ['package', 'app'] as const;

/** The view the app renders when `view` is not given (`render: 'app'`). */
export const APP_VIEW = 'sms-otp';

/** The options `render` and `view`, checked once, as the renderer of every page. */
export function resolveRenderer(render: unknown, view: unknown): PageRenderer {
  const where = optional.oneOf('render', render, RENDER_CHOICES, DEFAULTS.render);
  if (where === 'app') return renderInApp(optional.string('view', view, APP_VIEW));
  return compilePrompt(optional.string('view', view, DEFAULT_VIEW));
}
