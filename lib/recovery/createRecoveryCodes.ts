import type { RecoveryCodeSettings } from './RecoveryCodesOptions';
import { displayRecoveryCode, generateRecoveryCode } from './recoveryCodeFormat';

/**
 * A new set of recovery codes, saved through the app's `save` (which replaces the old set) as
 * hashes only. Answers the codes as the user is shown them, this once.
 */
export async function createRecoveryCodes(recovery: RecoveryCodeSettings, user: unknown, req: unknown): Promise<string[]> {
  const codes = new Set<string>();
  // 80 bits each: a repeat is out of reach, but a set must never hold one code twice.
  while (codes.size < recovery.size) codes.add(generateRecoveryCode());
  await recovery.save(user, [...codes].map((code) => recovery.hasher.hash(code)), req);
  return [...codes].map(displayRecoveryCode);
}
