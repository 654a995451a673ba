/**
 * The GSM 03.38 (3GPP TS 23.038) default alphabet, in code order 0x00–0x7F. Position 0x1B is the
 * escape to the extension table, not a character, so it is left out. 0x09 is the capital `Ç`:
 * the small `ç` has no code, a common mistake in hand-made tables.
 */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** The extension table: each is sent as the escape septet and its own, so it counts 2. */
const EXTENSION = '\f^{}\\[~]|€';

const BASIC_SET: ReadonlySet<string> = new Set([...BASIC].filter((char) => char !== '\u001b'));
const EXTENSION_SET: ReadonlySet<string> = new Set(EXTENSION);

/**
 * How many septets `char` (one code point) takes in GSM-7: 1 in the basic set, 2 in the
 * extension table, `undefined` when GSM-7 cannot carry it and the text must go as UCS-2.
 */
export function gsm7Septets(char: string): 1 | 2 | undefined {
  if (BASIC_SET.has(char)) return 1;
  if (EXTENSION_SET.has(char)) return 2;
  return undefined;
}
