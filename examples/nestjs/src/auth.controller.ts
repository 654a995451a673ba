import { Controller, Get, Header, Post, Req, Res, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request, Response } from 'express';
import { AfterFirstFactorGuard, SmsOtpGuard } from '../../../lib/nest';

const PROMPT = SmsOtpGuard({ successRedirect: '/account', failureRedirect: '/login/sms' });

/** The sign-in: the password form, the password, the code prompt, and signing out. */
@Controller()
export class AuthController {
  @Get('login')
  @Header('Content-Type', 'text/html; charset=utf-8')
  loginPage(@Req() req: Request): string {
    const messages = (req.session as { messages?: string[] }).messages ?? [];
    const notices = messages.map((message) => `<p role="alert">${escapeHtml(message)}</p>`).join('');
    return `<!doctype html><title>Sign in</title>${notices}<form method="post" action="/login">
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button>Sign in</button></form>`;
  }

  /** passport-local checks the password (without logging in: Nest's default), then the SMS step starts. */
  @Post('login')
  @UseGuards(AuthGuard('local'), AfterFirstFactorGuard({ redirectTo: '/login/sms' }))
  passwordChecked(): void {
    // Never reached: the guards answer (a 303 to the prompt, or the 401 of a wrong password).
  }

  @Get('login/sms')
  @UseGuards(PROMPT)
  prompt(): void {
    // Never reached: the strategy sends the prompt.
  }

  @Post('login/sms')
  @UseGuards(PROMPT)
  code(): void {
    // Never reached: the strategy redirects (a right code to /account, anything else back to the prompt).
  }

  @Post('logout')
  logout(@Req() req: Request, @Res() res: Response): void {
    req.logout((err) => (err ? res.status(500).end() : res.redirect(303, '/login')));
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
