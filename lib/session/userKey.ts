/** The user as a string (their serialized form): the key of their limits, devices and events. */
export function userKeyOf(serializedUser: unknown): string {
  return typeof serializedUser === 'string' ? serializedUser : JSON.stringify(serializedUser) ?? '';
}
