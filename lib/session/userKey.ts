import { nodeCallback } from '../http/nodeCallback';
import type { Settings } from '../config/resolveSettings';

/** The user as a string (their serialized form): the key of their limits, devices and events. */
export function userKeyOf(serializedUser: unknown): string {
  return typeof serializedUser === 'string' ? serializedUser : JSON.stringify(serializedUser) ?? '';
}

/** The user as the app's `serializeUser` stores them in the session. */
export function serializeUser(settings: Pick<Settings, 'serializer'>, user: unknown, req: unknown): Promise<unknown> {
  return nodeCallback<unknown>((done) => settings.serializer.serializeUser(user, req, done));
}
