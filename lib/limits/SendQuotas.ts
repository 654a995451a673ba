import { InvalidOptionError } from '../errors';
import type { QuotaRule } from '../store/OtpStore';
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
  /**
   * Per number nobody has verified yet (enrollment and number change), counted apart from
   * `perNumber`: enrolling someone else's number can never use up its owner's sign-in texts.
   * Default `{ max: 3, windowSeconds: 3600 }`: 3 codes per hour.
   */
  perUnverifiedNumber?: QuotaOptions;
}

/** Which quota refused a send. */
export type QuotaName = keyof SendQuotaOptions;

/** The quotas in force; an absent one is off. */
export type SendQuotaRules = Readonly<Partial<Record<QuotaName, QuotaRule>>>;

const DEFAULTS: Readonly<Record<QuotaName, QuotaOptions | undefined>> = {
  perNumber: { max: 5, windowSeconds: 900 },
  perUser: { max: 10, windowSeconds: 3600 },
  perIp: undefined,
  perUnverifiedNumber: { max: 3, windowSeconds: 3600 },
};

/** Validates the `sendQuotas` option into the rules the store applies. */
export function resolveSendQuotas(options: SendQuotaOptions | undefined): SendQuotaRules {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new InvalidOptionError('sendQuotas', 'an object with perNumber, perUser, perIp and perUnverifiedNumber');
  }
  const rules: Partial<Record<QuotaName, QuotaRule>> = {};
  for (const name of Object.keys(DEFAULTS) as QuotaName[]) {
    const quota = resolveQuota(name, options?.[name]);
    if (quota) rules[name] = Object.freeze({ max: quota.max, windowMs: quota.windowSeconds * 1000 });
  }
  return Object.freeze(rules);
}

function resolveQuota(name: QuotaName, value: unknown): QuotaOptions | undefined {
  if (value === undefined) return DEFAULTS[name];
  if (value === null || typeof value !== 'object') throw new InvalidOptionError(`sendQuotas.${name}`, 'an object { max, windowSeconds }');
  const quota = value as Partial<QuotaOptions>;
  return {
    max: integerOption(`sendQuotas.${name}.max`, quota.max ?? null, 0, 1, 1000),
    windowSeconds: integerOption(`sendQuotas.${name}.windowSeconds`, quota.windowSeconds ?? null, 0, 1, 604_800),
  };
}
