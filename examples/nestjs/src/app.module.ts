import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AccountController } from './account.controller';
import { AuthController } from './auth.controller';
import { LocalStrategy } from './local.strategy';
import { SessionSerializer } from './session.serializer';
import { SmsOtp } from './sms-otp.strategy';
import { developmentSettings, SMS_OTP_SETTINGS } from './smsOtpSettings';
import { UsersService } from './users';

@Module({
  imports: [PassportModule.register({ session: true })],
  controllers: [AuthController, AccountController],
  providers: [UsersService, LocalStrategy, SmsOtp, SessionSerializer, { provide: SMS_OTP_SETTINGS, useValue: developmentSettings }],
})
export class AppModule implements NestModule {
  constructor(private readonly smsOtp: SmsOtp) {}

  /**
   * The step-up: the security page asks for a code typed within the last 5 minutes; the change of
   * number (a page of its own, with no controller) asks for one itself, then texts the new number.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(this.smsOtp.requireRecent({ maxAgeSeconds: 300 })).forRoutes({ path: 'account/security', method: RequestMethod.GET });
    consumer.apply(this.smsOtp.changeMobile({ successRedirect: '/account' })).forRoutes({ path: 'account/mobile', method: RequestMethod.ALL });
  }
}
