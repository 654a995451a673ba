import { readFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { InvalidOptionError } from '../errors';
import type { PromptView } from './PromptView';

/** The template shipped with the package. */
export const DEFAULT_VIEW = path.join(__dirname, '..', '..', 'views', 'sms-otp.ejs');

/** Turns a prompt view into HTML. */
export type PromptRenderer = (view: PromptView) => string;

/** Reads and compiles an EJS template once, so requests only run it. */
export function compilePrompt(viewPath: string): PromptRenderer {
  let source: string;
  try {
    source = readFileSync(viewPath, 'utf8');
  } catch {
    throw new InvalidOptionError('view', `the path of a readable EJS template (could not read ${viewPath})`);
  }
  let template: ejs.TemplateFunction;
  try {
    template = ejs.compile(source, { filename: viewPath });
  } catch (err) {
    // A template that does not compile is a set-up mistake: say so at start-up, as for a missing file.
    throw new InvalidOptionError('view', `an EJS template that compiles (${viewPath}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
  }
  return (view) => template(view);
}
