import { ConsoleProvider, type SmsOtpOptions } from '../../../lib';

/** The injection token of the SMS strategy's deployment settings (the provider, the secret), which tests replace. */
export const SMS_OTP_SETTINGS = Symbol('SMS_OTP_SETTINGS');

/** The settings a deployment chooses: here the console provider, which prints each text. */
export type SmsOtpSettings = Pick<SmsOtpOptions, 'provider' | 'secret' | 'clock'>;

export const developmentSettings: SmsOtpSettings = {
  provider: new ConsoleProvider(),
  secret: process.env.SMS_OTP_SECRET ?? 'development-only-secret-change-me',
};
