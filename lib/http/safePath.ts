/**
 * A path of this site: one leading `/`, not `//` or `/\` (which browsers read as another host), and
 * no control characters.
 */
// eslint-disable-next-line no-control-regex
export const SITE_PATH = /^\/(?![/\\])[^\u0000-\u001f\u007f]*$/;

/**
 * `candidate` when it is a path of this site ({@link SITE_PATH}), else `fallback`. Return addresses
 * never carry a scheme or a host, so a redirect cannot leave the site.
 */
export function safePath(candidate: string | undefined, fallback: string): string {
  return typeof candidate === 'string' && SITE_PATH.test(candidate) ? candidate : fallback;
}
