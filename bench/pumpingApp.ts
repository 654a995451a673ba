import express, { type Express } from 'express';
import session from 'express-session';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { MemoryOtpStore, SmsOtpStrategy, type SmsOtpEvent, type SmsOtpOptions } from '../lib';
import type { CapturingProvider } from './CapturingProvider';

/** A user of the simulated site: genuine users have a number on file, the attacker's sign-ups none. */
export interface SiteUser {
  readonly id: string;
  readonly username: string;
  readonly password: string;
  mobile?: string;
}

export interface PumpingAppParts {
  readonly provider: CapturingProvider;
  /** The users who exist before the simulation starts. */
  readonly users: readonly SiteUser[];
  /** The strategy's `tollFraud` option (unset: the defaults). */
  readonly tollFraud?: SmsOtpOptions['tollFraud'];
  /** The simulated time, in milliseconds since the epoch: the strategy's `clock`. */
  readonly clock: () => number;
  readonly onEvent: (event: SmsOtpEvent) => void;
}

/**
 * The site the pumping simulation attacks: an Express 5 app with express-session, passport-local
 * and the SMS OTP step with `enrollment`, behind one proxy on the same host (`trust proxy`
 * loopback, so `req.ip` is the client's `X-Forwarded-For`).
 *
 * - `POST /signup` (username, password) creates an account without a number and passes it to
 *   `afterFirstFactor()`: the new user enrolls a number on the prompt, which texts it a code
 *   (sign-up with a phone number, the path a pumper takes).
 * - `POST /login` is the password sign-in of a user with a number on file, `GET /login/sms` the
 *   prompt that texts the code, `POST /login/sms` the number form, the resend and the code.
 */
export function createPumpingApp(parts: PumpingAppParts): Express {
  const byName = new Map(parts.users.map((user) => [user.username, user]));
  const byId = new Map(parts.users.map((user) => [user.id, user]));

  const passport = new Passport();
  passport.serializeUser((user, done) => done(null, (user as SiteUser).id));
  passport.deserializeUser((id: string, done) => done(null, byId.get(id) ?? false));
  passport.use(
    new LocalStrategy((username, password, done) => {
      const user = byName.get(username);
      done(null, user && user.password === password ? user : false);
    }),
  );
  const sms = new SmsOtpStrategy<SiteUser>({
    provider: parts.provider,
    store: new MemoryOtpStore(),
    secret: 'pumping-simulation-secret',
    appName: 'Site',
    passport,
    clock: parts.clock,
    logger: false,
    onEvent: parts.onEvent,
    enrollment: {
      saveMobile: (user, mobile) => {
        user.mobile = mobile;
      },
    },
    ...(parts.tollFraud !== undefined && { tollFraud: parts.tollFraud }),
  });
  passport.use(sms);

  const app = express();
  app.set('trust proxy', 'loopback');
  app.use(express.urlencoded({ extended: false }));
  app.use(session({ secret: 'pumping-session-secret', resave: false, saveUninitialized: false, store: new session.MemoryStore() }));
  app.use(passport.session());

  const afterFirstFactor = sms.afterFirstFactor({ redirectTo: '/login/sms' });
  app.post(
    '/signup',
    (req, res, next) => {
      const { username, password } = req.body as { username?: string; password?: string };
      if (!username || !password || byName.has(username)) {
        res.sendStatus(400);
        return;
      }
      const user: SiteUser = { id: `u${byId.size}`, username, password };
      byName.set(username, user);
      byId.set(user.id, user);
      req.user = user;
      next();
    },
    afterFirstFactor,
  );
  app.post('/login', passport.authenticate('local', { session: false, failureRedirect: '/login' }), afterFirstFactor);
  app.get('/login/sms', passport.authenticate('sms-otp'));
  app.post('/login/sms', passport.authenticate('sms-otp', { successRedirect: '/account' }));
  return app;
}
