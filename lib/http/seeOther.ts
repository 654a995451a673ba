import type { ResponseLike } from './types';

/** Answers 303 See Other to `url`: after a form post, the browser follows with a GET. */
export function seeOther(res: ResponseLike, url: string): void {
  res.statusCode = 303;
  res.setHeader('Location', url);
  res.end();
}
