import type { PromptView } from '../view/PromptView';

/**
 * What an entry point does with a request, in Passport's terms, plus the pages it renders itself.
 * `notices` of a success go to the new session's `session.messages` (Passport's convention), for the
 * app's next page to show.
 */
export type Outcome =
  /** A right code at sign-in: the user (as the app's verify callback confirmed them) is signed in; `info` is the callback's. */
  | { readonly kind: 'signed_in'; readonly user: unknown; readonly info?: unknown; readonly verifiedAt: number; readonly notices?: readonly string[] }
  /** A right code of a signed-in user (a step-up, a change of number): signed in again, with a new session id, and sent back. */
  | { readonly kind: 'verified_again'; readonly user: unknown; readonly verifiedAt: number; readonly returnTo: string; readonly notices?: readonly string[] }
  /**
   * The user got something wrong. `page`, for an action the page does not offer: the page as it
   * stands, with the message (a middleware shows it; the strategy leaves pages to Passport's `fail`).
   */
  | { readonly kind: 'fail'; readonly message: string; readonly status: number; readonly page?: () => Promise<PageOutcome> }
  /** Somewhere else, always with a 303 (after a form post the browser follows with a GET). */
  | { readonly kind: 'redirect'; readonly url: string }
  | { readonly kind: 'page'; readonly view: PromptView }
  /** A small JSON answer for a script on the page (the prompt's delivery state), never cached. */
  | { readonly kind: 'json'; readonly body: unknown }
  /** A middleware lets the request through. */
  | { readonly kind: 'next' };

/** An outcome that is a page. */
export type PageOutcome = Extract<Outcome, { readonly kind: 'page' }>;
