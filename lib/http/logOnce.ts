/** What each owner (a strategy's settings, one mounted middleware) has logged already, by what it was about. */
const logged = new WeakMap<object, Set<string>>();

/**
 * Writes a line about a set-up mistake met at request time the first time `owner` meets it, and
 * never again: every request of a mis-set app runs into the mistake, and a line per request would
 * flood the log and bury the rest.
 *
 * @param owner - Whose mistake it is: a strategy's settings, or a middleware's own object.
 * @param about - Which mistake, such as `'form_unread'`: an owner says each of its mistakes once.
 * @param write - Writes the line, such as `() => settings.logger.warn(fields, message)`.
 */
export function logOnce(owner: object, about: string, write: () => void): void {
  const said = logged.get(owner) ?? new Set<string>();
  if (said.has(about)) return;
  logged.set(owner, said.add(about));
  write();
}
