/**
 * The default of every option whose default is plain data, nested as the options are. The code
 * takes its defaults from here, and a test checks the docs' option tables and each option's
 * `@defaultValue` against it. Options that are off when unset, or whose default is not data (the
 * provider, the secret, the store, the clock, the view), are not in it.
 */
export const DEFAULTS = deepFreeze({
  otpLength: 6,
  numericOnly: true,
  expirySeconds: 300,
  maxAttempts: 5,
  maxResends: 5,
  resendCooldownSeconds: 30,
  /** Raised to `expirySeconds` when that is longer: a code never outlives its sign-in. */
  pendingTimeoutSeconds: 600,
  loginUrl: '/login',
  /** The package draws its pages with its own EJS view. */
  render: 'package',
  /** The request's `Accept-Language`. (`appName`, `messageTemplate` and `messages` default to the locale's own.) */
  locale: 'auto',
  fields: { code: 'code', resend: 'resend', mobile: 'mobile', changeMobile: 'changeMobile', remember: 'remember', recoveryCode: 'recoveryCode', call: 'call' },
  sendQuotas: {
    perNumber: { max: 5, windowSeconds: 900 },
    perUser: { max: 10, windowSeconds: 3600 },
    perUnverifiedNumber: { max: 3, windowSeconds: 3600 },
  },
  lockout: { maxFailures: 10, durationSeconds: 900, failureWindowSeconds: 86_400, maxConsecutiveFailures: 100 },
  rememberDevice: { days: 30, cookieName: 'sms_otp_device' },
  recoveryCodes: { size: 10, maxFailures: 10, windowSeconds: 3600 },
  tollFraud: { perPrefix: 20, perCountry: 1000, conversion: { minSends: 10, minCountrySends: 100, minRate: 0.2, pauseMinutes: 60 } },
  allowTestNumbersInProduction: false,
  phoneValidation: 'valid',
  blockedNumberTypes: ['PREMIUM_RATE', 'SHARED_COST'],
  name: 'sms-otp',
  passReqToCallback: false,
  voice: false,
  requireRecent: { maxAgeSeconds: 300, redirectTo: '/login/sms', returnTo: '/' },
  changeMobile: { maxAgeSeconds: 300, redirectTo: '/login/sms' },
  recoveryCodesPage: { maxAgeSeconds: 300, redirectTo: '/login/sms' },
  redisOtpStore: { prefix: 'sms-otp:', timeoutMs: 2000 },
  twilio: { timeoutMs: 20_000 },
  vonage: { restHost: 'https://rest.nexmo.com', apiHost: 'https://api.nexmo.com', timeoutMs: 20_000, signatureMethod: 'md5hash' },
  custom: { contentType: 'JSON', method: 'POST', timeoutMs: 20_000, connectTimeoutMs: 5000, name: 'custom' },
  console: { allowInProduction: false, receipts: false },
} as const);

/** How long a provider may take, in milliseconds: a send, or a connection. */
const PROVIDER_TIMEOUT_MS = [1, 120_000] as const;

/**
 * The range of every integer option, `[min, max]`, nested as {@link DEFAULTS}; the range column
 * of the docs' option tables is checked against it.
 */
export const RANGES = deepFreeze({
  otpLength: [4, 10],
  expirySeconds: [1, 86_400],
  maxAttempts: [1, 100],
  maxResends: [0, 100],
  resendCooldownSeconds: [0, 3600],
  /** From this, or `expirySeconds` when that is longer. */
  pendingTimeoutSeconds: [60, 86_400],
  sendQuotas: { max: [1, 1000], windowSeconds: [1, 604_800] },
  // NIST SP 800-63B allows at most 100 consecutive failures; the hold is at least `maxFailures`.
  lockout: { maxFailures: [1, 100], durationSeconds: [1, 86_400], failureWindowSeconds: [60, 2_592_000], maxConsecutiveFailures: [10, 100] },
  rememberDevice: { days: [1, 365] },
  tollFraud: { perPrefix: [1, 100_000], perCountry: [1, 10_000_000], conversion: { minSends: [1, 100_000], minCountrySends: [1, 1_000_000], pauseMinutes: [1, 1440] } },
  recoveryCodes: { size: [5, 20], maxFailures: [1, 100], windowSeconds: [60, 86_400] },
  requireRecent: { maxAgeSeconds: [30, 86_400] },
  changeMobile: { maxAgeSeconds: [30, 86_400] },
  recoveryCodesPage: { maxAgeSeconds: [30, 86_400] },
  redisOtpStore: { timeoutMs: [10, 60_000] },
  twilio: { timeoutMs: PROVIDER_TIMEOUT_MS },
  vonage: { timeoutMs: PROVIDER_TIMEOUT_MS },
  custom: { timeoutMs: PROVIDER_TIMEOUT_MS, connectTimeoutMs: PROVIDER_TIMEOUT_MS },
} as const);

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) deepFreeze(child);
  return Object.freeze(value);
}
