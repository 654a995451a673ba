import type { PromptView } from '../view/PromptView';

/** What the strategy does with a request, in Passport's terms, plus pages it renders itself. */
export type Outcome =
  /** The code was right. `returnTo`: a step-up, which goes back there instead of signing in. */
  | { readonly kind: 'success'; readonly user: unknown; readonly verifiedAt: number; readonly returnTo?: string }
  | { readonly kind: 'fail'; readonly message: string; readonly status: number }
  | { readonly kind: 'redirect'; readonly url: string; readonly status: number }
  | { readonly kind: 'page'; readonly view: PromptView };
