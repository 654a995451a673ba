/** The longest posted value looked at as a code or a number; anything longer is refused before any work. */
export const MAX_INPUT_LENGTH = 64;
