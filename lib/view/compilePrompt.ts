import { readFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { InvalidOptionError } from '../errors';
import type { PageRenderer } from './PageRenderer';

/**
 * Reads and compiles an EJS template once, so requests only run it. The template receives the
 * `PromptView` at the top level, over the app's `res.locals` (the view's own fields win a clash).
 * A relative path is taken from the working directory, as `fs` takes it.
 *
 * @throws {InvalidOptionError} when the file cannot be read (naming the path it was resolved to) or does not compile.
 */
export function compilePrompt(viewPath: string): PageRenderer {
  const filename = path.resolve(viewPath);
  let source: string;
  try {
    source = readFileSync(filename, 'utf8');
  } catch {
    throw new InvalidOptionError('view', `the path of a readable EJS template (could not read ${describePath(viewPath, filename)})`);
  }
  let template: ejs.TemplateFunction;
  try {
    // `cache` keeps the compiled partials too, so a request does not read and compile them again.
    template = ejs.compile(source, { filename, cache: true });
  } catch (err) {
    // A template that does not compile is a set-up mistake: say so at start-up, as for a missing file.
    throw new InvalidOptionError('view', `an EJS template that compiles (${filename}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
  }
  return async (res, view) => template({ ...res.locals, ...view });
}

/** The path as given and, for a relative one, where it led and why: a start from another directory moves it. */
function describePath(given: string, resolved: string): string {
  if (path.isAbsolute(given)) return resolved;
  return `${resolved}, which the relative path '${given}' gives from the working directory ${process.cwd()}; give an absolute path, such as path.join(__dirname, '${given}')`;
}
