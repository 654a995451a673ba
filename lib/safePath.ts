/**
 * `candidate` when it is a path of this site (one leading `/`, not `//` or `/\`, which browsers read
 * as another host, and no control characters), else `fallback`. Return addresses never carry a
 * scheme or a host, so a redirect cannot leave the site.
 */
export function safePath(candidate: string | undefined, fallback: string): string {
  if (typeof candidate !== 'string') return fallback;
  // eslint-disable-next-line no-control-regex
  const valid = /^\/(?![/\\])[^\u0000-\u001f\u007f]*$/.test(candidate);
  return valid ? candidate : fallback;
}
