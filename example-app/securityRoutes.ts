import { Router, type RequestHandler } from 'express';
import type { SmsOtpStrategy } from '../lib';
import { maskMobile } from './maskMobile';
import { requireSignIn } from './requireSignIn';
import { exposeCsrfToken } from './security';
import { takeLatestMessage } from './sessionMessages';
import type { DemoUser, UserDirectory } from './users';

declare module 'express-session' {
  interface SessionData {
    /** A confirmation the security page shows once, after its form worked (Post/Redirect/Get). */
    securityNotice?: string;
  }
}

/**
 * How recent the last code must be to open the security pages, in seconds. Five minutes is enough
 * to change a number from start to end; a session left open (or signed in through a remembered
 * device) cannot reach these pages without the phone.
 */
export const RECENT_CODE_SECONDS = 300;

/** The security page, the change of mobile number, forgetting remembered devices and new recovery codes. */
export function securityRoutes(smsOtp: SmsOtpStrategy, users: UserDirectory): Router {
  const router = Router();
  // A form posted after the five minutes cannot be replayed after the code: it returns to its page.
  const recentCode = (returnTo: string): RequestHandler =>
    smsOtp.requireRecent({ maxAgeSeconds: RECENT_CODE_SECONDS, redirectTo: '/login/sms', returnTo });

  router.get('/account/security', requireSignIn, recentCode('/account/security'), exposeCsrfToken, (req, res) => {
    const user = req.user as DemoUser;
    // This page's own confirmation, else the strategy's (few recovery codes left, after a step-up with one).
    const notice = req.session.securityNotice ?? takeLatestMessage(req.session);
    delete req.session.securityNotice;
    res.render('security', {
      title: 'Security',
      maskedMobile: user.mobile === undefined ? undefined : maskMobile(user.mobile),
      recoveryCodesLeft: users.recoveryCodesLeft(user.id),
      recentMinutes: RECENT_CODE_SECONDS / 60,
      notice,
    });
  });

  // Forgetting devices only takes trust away, so it needs no recent code: whoever holds the session
  // gains nothing by it, and the form still works when sent after the five minutes.
  router.post('/account/security/forget-devices', requireSignIn, (req, res, next) => {
    smsOtp.forgetDevices(req.user).then(() => {
      req.session.securityNotice = 'Every remembered device is forgotten: the next sign-in on any of them asks for a code.';
      res.redirect(303, '/account/security');
    }, next);
  });

  // The same pages as the sign-in's, for a signed-in user: the new number, then its code; the number
  // is saved once the code came back, and the old number is told. The page asks for a code to the
  // current number by itself when the last one is older than five minutes.
  router.all(
    '/account/mobile',
    requireSignIn,
    exposeCsrfToken,
    smsOtp.changeMobile({ successRedirect: '/account', maxAgeSeconds: RECENT_CODE_SECONDS, redirectTo: '/login/sms' }),
  );

  // A new set of recovery codes: a form, then the codes on the answer to its post, shown this once
  // (a reload shows none); "Done" comes back here. After the same five minutes as the rest.
  router.all(
    '/account/security/recovery-codes',
    requireSignIn,
    exposeCsrfToken,
    smsOtp.recoveryCodes({ successRedirect: '/account/security', maxAgeSeconds: RECENT_CODE_SECONDS, redirectTo: '/login/sms' }),
  );

  return router;
}
