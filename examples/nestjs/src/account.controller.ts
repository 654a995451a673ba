import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { SignedInGuard } from './signedIn.guard';
import type { DemoUser } from './users';

/** Pages of a signed-in user; the security page also needs a recent code (see `AppModule.configure`). */
@Controller('account')
@UseGuards(SignedInGuard)
export class AccountController {
  @Get()
  account(@Req() req: Request): string {
    return `Signed in as ${(req.user as DemoUser).username}.`;
  }

  @Get('security')
  security(@Req() req: Request): string {
    return `Security settings of ${(req.user as DemoUser).username}.`;
  }
}
