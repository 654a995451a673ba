export { SmsOtpStrategy, SmsOtpStrategy as Strategy } from './SmsOtpStrategy';
export { ConsoleProvider } from './providers/ConsoleProvider';
export { TwilioProvider } from './providers/TwilioProvider';
export { VonageProvider } from './providers/VonageProvider';
export { CustomHttpProvider } from './providers/CustomHttpProvider';
export { createProvider } from './providers/createProvider';
export { deliverWithFailover } from './providers/deliverWithFailover';
export { MemoryOtpStore } from './store/MemoryOtpStore';
export { RedisOtpStore } from './store/RedisOtpStore';
export { SmsOtpError, InvalidOptionError, SmsSendError, OtpStoreUnavailableError } from './errors';
export { DEFAULT_MESSAGES } from './prompt/messages';
export { smsSegments } from './sms/smsSegments';

export type { SmsOtpOptions, GetMobile, UserSerializer } from './options';
export type { RedisOtpStoreOptions } from './store/RedisOtpStore';
export type { SendQuotaOptions, QuotaOptions } from './limits/SendQuotas';
export type { LockoutOptions } from './limits/Lockout';
export type { AfterFirstFactorOptions } from './afterFirstFactor';
export type { ChangeMobileOptions } from './changeMobile';
export type { RequireRecentOptions } from './requireRecent';
export type { RememberDeviceOptions } from './device/RememberDeviceOptions';
export type { EnrollmentOptions } from './enrollment';
export type { SmsProvider, SmsMessage } from './providers/SmsProvider';
export type { ConsoleProviderOptions } from './providers/ConsoleProvider';
export type { TwilioProviderOptions, TwilioClientLike } from './providers/TwilioProvider';
export type { VonageProviderOptions, VonageClientLike } from './providers/VonageProvider';
export type { CustomHttpProviderOptions } from './providers/CustomHttpProvider';
export type { ProviderConfig, ConsoleProviderConfig } from './providers/createProvider';
export type { DeliveryAttempt } from './providers/deliverWithFailover';
export type { SmsSendFailure } from './errors';
export type { SmsOtpEvent, SmsOtpEventType } from './events';
export type { SmsOtpLogger } from './logging/SmsOtpLogger';
export type { PromptMessages } from './prompt/messages';
export type { SmsSegments } from './sms/smsSegments';
export type { LocaleOption, LocaleDefinition } from './locales/LocaleOptions';
export type { PromptView } from './prompt/PromptView';
export type {
  OtpStore,
  ChallengeRef,
  ChallengeStatus,
  LockoutRule,
  QuotaDecision,
  QuotaRequest,
  QuotaRule,
  ReleaseRequest,
  SendDecision,
  SendRefusalReason,
  SendRequest,
  VerifyDecision,
  VerifyRequest,
} from './store/OtpStore';
export type { RequestLike, ResponseLike, SessionLike, Middleware } from './http';
export { smsOtpMetrics, type SmsOtpMetricsOptions, type MetricsRegistry } from './metrics/smsOtpMetrics';
