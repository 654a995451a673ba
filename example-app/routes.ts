import { Router } from 'express';
import type { Passport } from 'passport';
import type { SmsOtpStrategy } from '../lib';
import { maskMobile } from './maskMobile';
import { requireSignIn } from './requireSignIn';
import { takeLatestMessage } from './sessionMessages';
import { exposeCsrfToken } from './security';
import { DEMO_CREDENTIALS, type DemoUser } from './users';

/** What the pages need. */
export interface RouteOptions {
  readonly passport: InstanceType<typeof Passport>;
  readonly smsOtp: SmsOtpStrategy;
  /** Show the demo sign-ins on the sign-in page (development). */
  readonly showDemoCredentials: boolean;
}

/** Sign-in (password, then code, after adding a number if the user has none), the account page and sign-out. */
export function authRoutes({ passport, smsOtp, showDemoCredentials }: RouteOptions): Router {
  const router = Router();

  router.get('/', (req, res) => res.redirect(req.isAuthenticated() ? '/account' : '/login'));

  router.get('/login', exposeCsrfToken, (req, res) => {
    if (req.isAuthenticated()) return res.redirect('/account');
    res.render('login', {
      title: 'Sign in',
      error: takeLatestMessage(req.session),
      demoCredentials: showDemoCredentials ? DEMO_CREDENTIALS : [],
    });
  });

  // The password is the first factor; it signs nobody in, it only parks the user for the code. On a
  // device the user asked to remember, it completes the sign-in and leads to the account page.
  router.post(
    '/login',
    passport.authenticate('local', { session: false, failureRedirect: '/login', failureMessage: true }),
    smsOtp.afterFirstFactor({ redirectTo: '/login/sms', successRedirect: '/account' }),
  );

  router.get('/login/sms', exposeCsrfToken, passport.authenticate(smsOtp.name));
  router.post(
    '/login/sms',
    exposeCsrfToken,
    passport.authenticate(smsOtp.name, { successRedirect: '/account', failureRedirect: '/login/sms', failureMessage: true }),
  );

  router.get('/account', requireSignIn, exposeCsrfToken, (req, res) => {
    const user = req.user as DemoUser;
    res.render('account', {
      title: 'Your account',
      user,
      maskedMobile: user.mobile === undefined ? undefined : maskMobile(user.mobile),
      // After a sign-in with a recovery code, when few are left: the strategy's advice to create new ones.
      notice: takeLatestMessage(req.session),
    });
  });

  router.post('/logout', (req, res, next) => {
    req.logout((err) => (err ? next(err) : res.redirect(303, '/login')));
  });

  return router;
}
