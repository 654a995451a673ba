import type { PromptView } from '../prompt/PromptView';

/** What the strategy does with a request, in Passport's terms, plus pages it renders itself. */
export type Outcome =
  | { readonly kind: 'success'; readonly user: unknown }
  | { readonly kind: 'fail'; readonly message: string; readonly status: number }
  | { readonly kind: 'redirect'; readonly url: string; readonly status: number }
  | { readonly kind: 'page'; readonly view: PromptView };
