import request from 'supertest';
import { ALPHANUMERIC_ALPHABET, NUMERIC_ALPHABET, generateCode } from '../lib/otp/generateCode';
import { CodeHasher } from '../lib/otp/CodeHasher';
import { createTestApp, passFirstFactor } from './support/testApp';

describe('codes', () => {
  it('are exactly otpLength characters of the chosen alphabet', () => {
    for (const length of [4, 6, 10]) {
      for (let i = 0; i < 200; i += 1) {
        expect(generateCode(length, NUMERIC_ALPHABET)).toMatch(new RegExp(`^[0-9]{${length}}$`));
        expect(generateCode(length, ALPHANUMERIC_ALPHABET)).toMatch(new RegExp(`^[A-Z2-9]{${length}}$`));
      }
    }
  });

  it('leave out the look-alikes 0 O 1 I L from alphanumeric codes', () => {
    expect(ALPHANUMERIC_ALPHABET).toBe('23456789ABCDEFGHJKMNPQRSTUVWXYZ');
    const drawn = new Set(Array.from({ length: 500 }, () => generateCode(10, ALPHANUMERIC_ALPHABET)).join(''));
    for (const lookAlike of '0O1IL') expect(drawn.has(lookAlike)).toBe(false);
    expect(drawn.size).toBe(ALPHANUMERIC_ALPHABET.length);
  });

  it('use every digit about equally often (crypto.randomInt, no modulo bias)', () => {
    const counts = new Map<string, number>();
    // 200,000 draws tell a byte-modulo generator (digits 0-5 drawn 4 % more often than 6-9) from a fair one: its
    // chi-square is about 80, a fair generator's about 9.
    const draws = 200_000;
    for (const digit of generateCode(draws, NUMERIC_ALPHABET)) counts.set(digit, (counts.get(digit) ?? 0) + 1);
    // Chi-square with 9 degrees of freedom: 45 is the 1e-6 critical value (0.001's, 27.88, failed a fair run in CI).
    const expected = draws / 10;
    const chiSquare = [...counts.values()].reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    expect(counts.size).toBe(10);
    expect(chiSquare).toBeLessThan(45);
  });

  it('are kept only as an HMAC that differs per secret and per sign-in', () => {
    const hasher = new CodeHasher('a-secret-of-sixteen+');
    const hash = hasher.hash('sign-in-1', '123456');
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain('123456');
    expect(hasher.hash('sign-in-2', '123456')).not.toBe(hash);
    expect(new CodeHasher('another-secret-16+').hash('sign-in-1', '123456')).not.toBe(hash);
    expect(hasher.hash('sign-in-1', '123456')).toBe(hash);
    expect(hasher.hash('sign-in-1', '123457')).not.toBe(hash);
  });

  it('sent to a number being verified, only confirm that number', () => {
    const hasher = new CodeHasher('a-secret-of-sixteen+');
    expect(hasher.hash('sign-in-1', '123456', '+12015550123')).not.toBe(hasher.hash('sign-in-1', '123456', '+12015550124'));
    expect(hasher.hash('sign-in-1', '123456', '+12015550123')).not.toBe(hasher.hash('sign-in-1', '123456'));
  });

  it('never appear in the session, the page or the events', async () => {
    const events: unknown[] = [];
    const { app, outbox, sessions } = createTestApp({ strategy: { onEvent: (event) => void events.push(event) } });
    const agent = request.agent(app);
    const page = await passFirstFactor(agent);
    const code = outbox.latestCode();
    const stored = JSON.stringify((sessions as unknown as { sessions: Record<string, string> }).sessions);
    expect(stored).toContain('smsOtp');
    expect(stored).not.toContain(code);
    expect(page.text).not.toContain(code);
    expect(JSON.stringify(events)).not.toContain(code);
  });
});
