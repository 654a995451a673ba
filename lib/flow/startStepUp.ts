import type { Settings } from '../config/resolveSettings';
import { PendingVerification, type PendingUser } from '../session/PendingVerification';
import type { Outcome } from './Outcome';
import { redirectTo } from './outcomes';
import type { FlowRequest } from './Verification';

/** How recent a signed-in user's last code must be, and where the code prompt is to make it so. */
export interface RecentCodeRule {
  /** How old the session's last code may be, in milliseconds. */
  readonly maxAgeMs: number;
  /** The code prompt's route (where `passport.authenticate` of this strategy is mounted). */
  readonly redirectTo: string;
}

/**
 * Sends a signed-in user through the code prompt (they stay signed in), which returns them to
 * `returnTo` once the code to their number on file is right. It replaces any verification under way.
 */
export function startStepUp(req: FlowRequest, settings: Settings, user: PendingUser, rule: RecentCodeRule, returnTo: string): Outcome {
  PendingVerification.startFor(req.session, settings.name, 'step_up', user, settings.clock(), returnTo);
  return redirectTo(rule.redirectTo);
}
