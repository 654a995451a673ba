/**
 * The latest of the messages waiting in the session, shown once: Passport's `failureMessage` and
 * the strategy keep them in `session.messages` (a failed password for the sign-in page; after a
 * sign-in with a recovery code, how few are left, for the page after it).
 */
export function takeLatestMessage(store: object | undefined): string | undefined {
  const session = store as { messages?: unknown } | undefined;
  const messages = session?.messages;
  if (!session || !Array.isArray(messages) || messages.length === 0) return undefined;
  delete session.messages;
  const latest: unknown = messages[messages.length - 1];
  return typeof latest === 'string' ? latest : undefined;
}
