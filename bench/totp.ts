import { createHmac } from 'node:crypto';

/**
 * The TOTP code (RFC 6238, HMAC-SHA1, 6 digits) that passport-totp accepts now for `key`,
 * computed exactly the way its notp dependency does (the key's UTF-8 bytes, its truncation).
 */
export function totpCode(key: string, periodSeconds = 30, now = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 1000 / periodSeconds)));
  const digest = createHmac('sha1', Buffer.from(key)).update(counter).digest();
  const offset = digest[19] & 0xf;
  const value = ((digest[offset] & 0x7f) << 24) | (digest[offset + 1] << 16) | (digest[offset + 2] << 8) | digest[offset + 3];
  // notp keeps `substr(length - 6, 6)` of the decimal value; under 6 digits (1 in 20,000 codes) that
  // start is negative and counts from the end. Do the same, or those codes would be refused.
  const digits = String(value);
  const start = digits.length - 6;
  return digits.slice(start >= 0 ? start : Math.max(digits.length + start, 0)).slice(0, 6);
}
