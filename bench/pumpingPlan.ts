import type { CountryCode } from 'libphonenumber-js/max';
import { SeededRandom } from './seededRandom';
import { ATTACKED_PREFIXES, GENUINE_COUNTRIES, numbersOfPrefix, randomMobile } from './simulatedNumbers';

/** The size of the simulation (issue 21). */
export const PUMPING = {
  seed: 21,
  /** Simulated hours the attack and the genuine traffic are spread over. */
  hours: 6,
  /** The attack: send attempts, to this many distinct numbers of `ATTACKED_PREFIXES`, from this many addresses. */
  attackAttempts: 20_000,
  attackNumbers: 10_000,
  attackAddresses: 2_000,
  /** Genuine sign-ins, spread evenly over `GENUINE_COUNTRIES`, and the share of them that type their code. */
  genuineSignIns: 2_000,
  verifiedShare: 0.9,
  /** A genuine user types the code this long after it was sent. */
  typingDelayMs: [5_000, 60_000],
  /** The attacker asks again this long after its first attempt (the resend cooldown is 30 s). */
  retryDelayMs: [30_000, 90_000],
  /** The bot posts the number this long after signing up. */
  formDelayMs: [1_000, 3_000],
} as const;

/** When the simulated time starts (a Monday, 08:00 UTC): fixed, so every run is the same. */
export const SIMULATION_START = Date.UTC(2025, 0, 6, 8);

/** One sign-up of the attacker: a fresh account, a fresh address, a number of an attacked prefix. */
export interface AttackSession {
  readonly at: number;
  readonly ip: string;
  readonly mobile: string;
  /** How long after signing up the bot posts the number. */
  readonly formAfterMs: number;
  /**
   * How long after that the same session asks again (a resend, or the number posted again when
   * nothing was sent); `undefined`: it never does.
   */
  readonly retryAfterMs: number | undefined;
}

/** One genuine user signing in with the number on file. */
export interface GenuineSignIn {
  readonly at: number;
  readonly ip: string;
  readonly country: CountryCode;
  readonly mobile: string;
  /** How long after the text they type the code; `undefined`: they never do. */
  readonly typesCodeAfterMs: number | undefined;
}

export interface PumpingPlan {
  readonly attack: readonly AttackSession[];
  readonly genuine: readonly GenuineSignIn[];
  /** Send attempts of the attack in all: one per session, one more per session that retries. */
  readonly attackAttempts: number;
}

/**
 * The seeded plan of one simulation. Each attacked number gets two send attempts: half of them as
 * a sign-up followed by a resend in the same session, the other half as two sign-ups at
 * independent times, each from its own address. Every start time is uniform over the hours.
 */
export function pumpingPlan(seed: number = PUMPING.seed): PumpingPlan {
  const random = new SeededRandom(seed);
  const span = PUMPING.hours * 3_600_000;
  const startTime = () => SIMULATION_START + random.integer(0, span - 180_000);
  const perPrefix = PUMPING.attackNumbers / ATTACKED_PREFIXES.length;
  const numbers = random.shuffle(ATTACKED_PREFIXES.flatMap((prefix) => numbersOfPrefix(random, prefix, perPrefix)));
  const addresses = distinctAddresses(random, PUMPING.attackAddresses, 18);
  const half = numbers.length / 2;
  const attack: AttackSession[] = [];
  let sessions = 0;
  // Each address signs up in turn, so that every one of them is used.
  const session = (mobile: string, retries: boolean): AttackSession => ({
    at: startTime(),
    ip: addresses[sessions++ % addresses.length],
    mobile,
    formAfterMs: random.integer(...PUMPING.formDelayMs),
    retryAfterMs: retries ? random.integer(...PUMPING.retryDelayMs) : undefined,
  });
  numbers.forEach((mobile, i) => {
    if (i < half) attack.push(session(mobile, true));
    else attack.push(session(mobile, false), session(mobile, false));
  });

  const verifying = new Set(random.shuffle(Array.from({ length: PUMPING.genuineSignIns }, (_, i) => i)).slice(0, Math.round(PUMPING.genuineSignIns * PUMPING.verifiedShare)));
  const genuineAddresses = distinctAddresses(random, PUMPING.genuineSignIns, 19);
  const genuine = genuineAddresses.map((ip, i): GenuineSignIn => {
    const country = GENUINE_COUNTRIES[i % GENUINE_COUNTRIES.length];
    return {
      at: startTime(),
      ip,
      country,
      mobile: randomMobile(random, country),
      typesCodeAfterMs: verifying.has(i) ? random.integer(...PUMPING.typingDelayMs) : undefined,
    };
  });
  return { attack, genuine, attackAttempts: attack.length + attack.filter((one) => one.retryAfterMs !== undefined).length };
}

/** `count` distinct addresses of 198.18.0.0/15, the range RFC 2544 sets aside for benchmarks (`second` 18 or 19). */
function distinctAddresses(random: SeededRandom, count: number, second: 18 | 19): string[] {
  const addresses = new Set<string>();
  while (addresses.size < count) addresses.add(`198.${second}.${random.integer(0, 255)}.${random.integer(1, 254)}`);
  return [...addresses];
}
