import type { Script } from './redisScripts';

/**
 * Runs a script by its SHA1, and sends its source only when Redis answers NOSCRIPT: a restarted
 * or flushed server, or a cluster node that has never run it. Each library routes both calls the
 * same way (by the first key), so the source reaches the very node that did not know the SHA1.
 * The reply is read into one shape whatever the library.
 */
export async function runScriptBySha(
  script: Script,
  bySha: (sha1: string) => Promise<unknown>,
  bySource: (source: string) => Promise<unknown>,
): Promise<unknown> {
  try {
    return toPlainReply(await bySha(script.sha1));
  } catch (err) {
    if (!isNoScript(err)) throw err;
  }
  return toPlainReply(await bySource(script.source));
}

/** node-redis and ioredis both carry Redis's error reply (`NOSCRIPT No matching script...`) as the message. */
function isNoScript(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('NOSCRIPT');
}

/**
 * The reply with every string as a string. Redis converts a script's reply the same way over
 * RESP2 and RESP3 (tables to arrays, false to null), but a node-redis client with a type mapping
 * (`withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer })`) hands strings over as Buffers.
 */
function toPlainReply(reply: unknown): unknown {
  if (Array.isArray(reply)) return reply.map(toPlainReply);
  if (reply instanceof Uint8Array) return Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength).toString('utf8');
  return reply;
}
