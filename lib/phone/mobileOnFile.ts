import type { Settings } from '../config/resolveSettings';

/** The user's mobile number on file through the app's `getMobile`, trimmed, or `undefined` when they have none. */
export async function mobileOnFile(settings: Pick<Settings, 'getMobile'>, user: unknown, req: unknown): Promise<string | undefined> {
  const mobile = await settings.getMobile(user as never, req);
  return typeof mobile !== 'string' || mobile.trim() === '' ? undefined : mobile.trim();
}
