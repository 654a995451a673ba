import { gsm7Septets } from './gsm7Alphabet';

/**
 * The characters of `text` that GSM-7 cannot carry, each once, in order of first appearance:
 * the ones to reword so the text goes as GSM-7 (160 characters per SMS instead of 70).
 * Characters are code points, so an emoji is one entry, not two halves of a surrogate pair.
 *
 * @example
 * ucs2Characters('Tu código caduca en 5 minutos 🙂'); // ['ó', '🙂']
 */
export function ucs2Characters(text: string): string[] {
  const found = new Set<string>();
  for (const char of text) {
    if (gsm7Septets(char) === undefined) found.add(char);
  }
  return [...found];
}
