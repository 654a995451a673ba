import { DEFAULTS, RANGES } from '../config/defaults';
import { optionNames, optional, required } from '../config/validate';
import type { QuotaRule } from '../store/OtpStore';

/** At most `max` codes within `windowSeconds`. */
export interface QuotaOptions {
  /** Codes allowed within one window. Integer from 1 to 1000. */
  max: number;
  /** The window's length in seconds, counted from its first code. Integer from 1 to 604800 (7 days). */
  windowSeconds: number;
}

/** Option `sendQuotas`: how many codes may be texted, across sign-ins, before sending is refused for a while. */
export interface SendQuotaOptions {
  /**
   * Per mobile number (E.164): 5 codes per 15 minutes by default.
   * @defaultValue `{ max: 5, windowSeconds: 900 }`
   */
  perNumber?: QuotaOptions;
  /**
   * Per user: 10 codes per hour by default.
   * @defaultValue `{ max: 10, windowSeconds: 3600 }`
   */
  perUser?: QuotaOptions;
  /** Per client address (`req.ip`). Default: off, since users behind one NAT share an address. */
  perIp?: QuotaOptions;
  /**
   * Per number nobody has verified yet (enrollment and number change), counted apart from
   * `perNumber`: enrolling someone else's number can never use up its owner's sign-in texts.
   * 3 codes per hour by default.
   * @defaultValue `{ max: 3, windowSeconds: 3600 }`
   */
  perUnverifiedNumber?: QuotaOptions;
}

/** Which quota refused a send. */
export type QuotaName = keyof SendQuotaOptions;

/** The quotas in force; an absent one is off. */
export type SendQuotaRules = Readonly<Partial<Record<QuotaName, QuotaRule>>>;

const QUOTA_NAMES = optionNames<SendQuotaOptions>({ perNumber: true, perUser: true, perIp: true, perUnverifiedNumber: true }) as readonly QuotaName[];
const QUOTA_OPTIONS = optionNames<QuotaOptions>({ max: true, windowSeconds: true });

/** Validates the `sendQuotas` option into the rules the store applies. */
export function resolveSendQuotas(options: unknown): SendQuotaRules {
  const quotas = optional.options<SendQuotaOptions, SendQuotaOptions>('sendQuotas', options, QUOTA_NAMES, {});
  const rules: Partial<Record<QuotaName, QuotaRule>> = {};
  for (const name of QUOTA_NAMES) {
    const quota = resolveQuota(name, quotas[name]);
    if (quota) rules[name] = Object.freeze({ max: quota.max, windowMs: quota.windowSeconds * 1000 });
  }
  return Object.freeze(rules);
}

function resolveQuota(name: QuotaName, value: unknown): QuotaOptions | undefined {
  const defaults: Partial<Record<QuotaName, QuotaOptions>> = DEFAULTS.sendQuotas;
  if (value === undefined) return defaults[name];
  const quota = required.options<QuotaOptions>(`sendQuotas.${name}`, value, QUOTA_OPTIONS, 'an object { max, windowSeconds }');
  return {
    max: required.integer(`sendQuotas.${name}.max`, quota.max, ...RANGES.sendQuotas.max),
    windowSeconds: required.integer(`sendQuotas.${name}.windowSeconds`, quota.windowSeconds, ...RANGES.sendQuotas.windowSeconds),
  };
}
