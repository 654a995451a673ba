/**
 * `passport-sms-otp/nest`: the guards a NestJS app puts on its routes. The strategy itself is the
 * main entry's `SmsOtpStrategy`, through `@nestjs/passport`'s `PassportStrategy` mixin.
 */
export { SmsOtpGuard, type SmsOtpGuardOptions } from './SmsOtpGuard';
export { AfterFirstFactorGuard, type AfterFirstFactorGuardOptions } from './AfterFirstFactorGuard';
export type { AuthenticatorLike } from './registeredStrategy';
