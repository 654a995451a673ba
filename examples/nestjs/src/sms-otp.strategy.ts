import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { SmsOtpStrategy } from '../../../lib';
import { SMS_OTP_SETTINGS, type SmsOtpSettings } from './smsOtpSettings';
import { UsersService, type DemoUser } from './users';

/** The second factor: `SmsOtpStrategy` through Nest's mixin; `validate` decides who signs in after a right code. */
@Injectable()
export class SmsOtp extends PassportStrategy(SmsOtpStrategy<DemoUser>, 'sms-otp') {
  constructor(@Inject(SMS_OTP_SETTINGS) settings: SmsOtpSettings, users: UsersService) {
    super({
      ...settings,
      appName: 'Nest example',
      getMobile: (user) => user.mobile,
      enrollment: { saveMobile: (user, mobile) => users.setMobile(user.id, mobile) },
      logger: false,
    });
  }

  validate(user: DemoUser): DemoUser | false {
    return user.suspended ? false : user;
  }
}
