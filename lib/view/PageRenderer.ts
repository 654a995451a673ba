import type { ResponseLike } from '../http/types';
import type { PromptView } from './PromptView';

/**
 * Turns a page of the flow into HTML for the response it goes out on (whose `res.locals` the
 * page may show). It only renders: sending, with the page's status and headers, is `sendPage`'s.
 */
export type PageRenderer = (res: ResponseLike, view: PromptView) => Promise<string>;
