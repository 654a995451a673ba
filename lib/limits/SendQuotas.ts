import { InvalidOptionError } from '../errors';
import type { LimiterFactory, OtpLimiter } from '../store/OtpStore';
import { integerOption } from '../validateOption';

/** At most `max` codes within `windowSeconds`. */
export interface QuotaOptions {
  /** Codes allowed within one window. Integer from 1 to 1000. */
  max: number;
  /** The window's length in seconds, counted from its first code. Integer from 1 to 604800 (7 days). */
  windowSeconds: number;
}

/** Option `sendQuotas`: how many codes may be texted, across sign-ins, before sending is refused for a while. */
export interface SendQuotaOptions {
  /** Per mobile number (E.164). Default `{ max: 5, windowSeconds: 900 }`: 5 codes per 15 minutes. */
  perNumber?: QuotaOptions;
  /** Per user. Default `{ max: 10, windowSeconds: 3600 }`: 10 codes per hour. */
  perUser?: QuotaOptions;
  /** Per client address (`req.ip`). Default: off, since users behind one NAT share an address. */
  perIp?: QuotaOptions;
}

/** Which quota refused a send. */
export type QuotaName = 'perNumber' | 'perUser' | 'perIp';

/** Who a send is for, one key per quota. */
export type QuotaKeys = Readonly<Record<QuotaName, string | undefined>>;

/** The outcome of taking one send from every quota. */
export type QuotaDecision =
  | { readonly granted: true; readonly taken: readonly QuotaName[] }
  | { readonly granted: false; readonly quota: QuotaName; readonly retryAfterMs: number };

const DEFAULTS: Readonly<Record<QuotaName, QuotaOptions | undefined>> = {
  perNumber: { max: 5, windowSeconds: 900 },
  perUser: { max: 10, windowSeconds: 3600 },
  perIp: undefined,
};

/** The send quotas, counted in the store's backend so every instance shares them. */
export class SendQuotas {
  private constructor(private readonly limiters: ReadonlyMap<QuotaName, OtpLimiter>) {}

  /** Validates the `sendQuotas` option and creates a counter per quota in `store`. */
  static create(options: SendQuotaOptions | undefined, store: LimiterFactory): SendQuotas {
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw new InvalidOptionError('sendQuotas', 'an object with perNumber, perUser and perIp');
    }
    const limiters = new Map<QuotaName, OtpLimiter>();
    for (const name of Object.keys(DEFAULTS) as QuotaName[]) {
      const quota = resolveQuota(name, options?.[name]);
      if (quota) limiters.set(name, store.createLimiter({ keyPrefix: `quota:${name}`, points: quota.max, durationSeconds: quota.windowSeconds }));
    }
    return new SendQuotas(limiters);
  }

  /**
   * Takes one send from every quota, or none: when one refuses, the others get theirs back
   * (and so does the refusing one, so a refused send is not counted). The quotas are asked
   * all at once, so a shared store answers them in one round trip.
   */
  async take(keys: QuotaKeys): Promise<QuotaDecision> {
    const names = [...this.limiters.keys()].filter((name) => keys[name] !== undefined);
    const results = await Promise.allSettled(names.map((name) => this.limiters.get(name)?.consume(keys[name] as string)));
    const counted = names.filter((_, i) => results[i].status === 'fulfilled');
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) {
      await this.giveBack(keys, counted).catch(() => undefined);
      throw failure.reason;
    }
    const refused = results.findIndex((result) => result.status === 'fulfilled' && result.value?.allowed === false);
    if (refused >= 0) {
      await this.giveBack(keys, counted);
      const { value } = results[refused] as PromiseFulfilledResult<{ retryAfterMs: number }>;
      return { granted: false, quota: names[refused], retryAfterMs: value.retryAfterMs };
    }
    return { granted: true, taken: counted };
  }

  /** Gives back the sends `take` took, when the message could not be sent. */
  async giveBack(keys: QuotaKeys, taken: readonly QuotaName[]): Promise<void> {
    await Promise.all(taken.map((name) => this.limiters.get(name)?.reward(keys[name] as string)));
  }
}

function resolveQuota(name: QuotaName, value: unknown): QuotaOptions | undefined {
  if (value === undefined) return DEFAULTS[name];
  if (value === null || typeof value !== 'object') throw new InvalidOptionError(`sendQuotas.${name}`, 'an object { max, windowSeconds }');
  const quota = value as Partial<QuotaOptions>;
  return Object.freeze({
    max: integerOption(`sendQuotas.${name}.max`, quota.max ?? null, 0, 1, 1000),
    windowSeconds: integerOption(`sendQuotas.${name}.windowSeconds`, quota.windowSeconds ?? null, 0, 1, 604_800),
  });
}
