import { createHmac } from 'node:crypto';

/**
 * The TOTP code (RFC 6238, HMAC-SHA1, 6 digits) that passport-totp accepts now for `key`,
 * computed the way its notp dependency does (the key's UTF-8 bytes).
 */
export function totpCode(key: string, periodSeconds = 30, now = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 1000 / periodSeconds)));
  const digest = createHmac('sha1', Buffer.from(key)).update(counter).digest();
  const offset = digest[19] & 0xf;
  const value = ((digest[offset] & 0x7f) << 24) | (digest[offset + 1] << 16) | (digest[offset + 2] << 8) | digest[offset + 3];
  return String(value).slice(-6);
}
