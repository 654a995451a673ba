import { generateCode } from '../otp/generateCode';
import { readSubmittedCode, type CodeFormatProblem } from '../otp/readSubmittedCode';

/** 32 symbols, so each character carries 5 bits: digits and upper-case letters without 0, 1, I and O. */
export const RECOVERY_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Characters in a recovery code: 16 × 5 = 80 bits. */
export const RECOVERY_CODE_LENGTH = 16;

/** A new recovery code, as it is hashed: 16 characters from a cryptographic generator, no dashes. */
export function generateRecoveryCode(): string {
  return generateCode(RECOVERY_CODE_LENGTH, RECOVERY_ALPHABET);
}

/** A recovery code as the user is shown it: four groups of four, `XXXX-XXXX-XXXX-XXXX`. */
export function displayRecoveryCode(code: string): string {
  return code.replace(/(.{4})(?!$)/g, '$1-');
}

/** What the user typed, as the code is hashed (any case, with or without dashes or spaces), or why it cannot be one. */
export function readRecoveryCode(input: unknown): { code: string } | { problem: CodeFormatProblem } {
  return readSubmittedCode(input, RECOVERY_CODE_LENGTH, RECOVERY_ALPHABET);
}
