import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/**
 * Whether a request comes straight from this machine: over loopback, and not through a proxy.
 *
 * The socket address alone is not enough: a proxy or tunnel on the same host (nginx, ngrok) connects
 * over loopback on behalf of anyone, and says so only in the headers it adds. Those headers are
 * never trusted for the address either, since any client can send them; their presence refuses.
 */
export function isFromThisMachine(req: IncomingMessage): boolean {
  return isLoopback(req.socket.remoteAddress) && !hasProxyHeaders(req.headers);
}

function isLoopback(address: string | undefined): boolean {
  return address === '::1' || address?.startsWith('127.') === true || address?.startsWith('::ffff:127.') === true;
}

/** `Forwarded` (RFC 7239), any `X-Forwarded-*`, nginx's `X-Real-IP`, and `Via`, which proxies must add. */
function hasProxyHeaders(headers: IncomingHttpHeaders): boolean {
  return Object.keys(headers).some((name) => name === 'forwarded' || name.startsWith('x-forwarded-') || name === 'x-real-ip' || name === 'via');
}

/** The names this machine answers to, with any port: `localhost`, `127.0.0.1` and `[::1]`. */
const THIS_MACHINE_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

/**
 * Whether the request names this machine in its `Host`. A page elsewhere can make the browser call
 * this machine under the page's own name (DNS rebinding: its name, asked again, now points to
 * 127.0.0.1), and then read the answer as its own: such a request comes over loopback, but names
 * another host.
 */
export function isAddressedToThisMachine(req: IncomingMessage): boolean {
  return THIS_MACHINE_HOST.test(req.headers.host ?? '');
}
