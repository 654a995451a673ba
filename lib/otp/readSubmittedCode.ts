import { MAX_INPUT_LENGTH } from '../http/inputLimits';

/** Why a submitted code could not even be compared. */
export type CodeFormatProblem = 'missing' | 'malformed';

/**
 * Turns what the user typed into the form a code is generated in: spaces and dashes
 * dropped, letters upper-cased. Returns a problem instead when it cannot be a code.
 */
export function readSubmittedCode(
  input: unknown,
  length: number,
  alphabet: string,
): { code: string } | { problem: CodeFormatProblem } {
  if (input === undefined || input === null || input === '') return { problem: 'missing' };
  if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH) return { problem: 'malformed' };
  const code = input.replace(/[\s-]+/g, '').toUpperCase();
  if (code === '') return { problem: 'missing' };
  if (code.length !== length || ![...code].every((char) => alphabet.includes(char))) return { problem: 'malformed' };
  return { code };
}
