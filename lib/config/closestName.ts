/**
 * The known name `typed` was most likely meant to be, or `undefined` when none is near:
 * the same name in another case (`otplength`), one or two slips away (`otpLenght`, `maxAttempt`),
 * or a whole word of a longer name (`expiry` for `expirySeconds`, `cooldown` for `resendCooldownSeconds`).
 */
export function closestName(typed: string, known: readonly string[]): string | undefined {
  const lower = typed.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance <= allowedSlips(typed) && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name ?? known.find((name) => lower.length >= 4 && words(name).includes(lower));
}

/** Short names get one slip, longer ones two: `name` is not `same`. */
function allowedSlips(typed: string): number {
  return typed.length <= 4 ? 1 : 2;
}

/** The camelCase words of a name and their runs: `resendCooldownSeconds` gives `resend`, `cooldown`, `resendcooldown`… */
function words(name: string): string[] {
  const parts = name.split(/(?=[A-Z])/).map((part) => part.toLowerCase());
  const runs: string[] = [];
  for (let start = 0; start < parts.length; start++) {
    for (let end = start + 1; end <= parts.length; end++) runs.push(parts.slice(start, end).join(''));
  }
  return runs;
}

/** Edits (insert, delete, replace, swap of two neighbours) from `a` to `b`: the optimal string alignment distance. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}
