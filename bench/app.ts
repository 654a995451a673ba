import express, { type Express, type Request } from 'express';
import session from 'express-session';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { SmsOtpStrategy } from '../lib';
import { RANGES } from '../lib/config/defaults';
import type { OtpStore } from '../lib/store';
import { CapturingProvider } from './CapturingProvider';
import { benchUser } from './protocol';

// passport-totp ships no types; this is the part of it the bench uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const TotpStrategy = require('passport-totp').Strategy as new (
  setup: (user: unknown, done: (err: unknown, key?: string, period?: number) => void) => void,
) => import('passport').Strategy;

type BenchUser = ReturnType<typeof benchUser>;

/** The `tollFraud` option of the load scenarios: the group counting of the defaults, with limits no run reaches. */
const LOAD_TOLL_FRAUD = { perPrefix: RANGES.tollFraud.perPrefix[1], perCountry: RANGES.tollFraud.perCountry[1], conversion: false } as const;

export interface BenchAppParts {
  readonly sessionStore: session.Store;
  readonly otpStore: OtpStore;
  readonly provider: CapturingProvider;
  readonly users: number;
  /** The strategy's `logger` option: `false`, or unset for the default logger. */
  readonly logger?: false;
}

/**
 * One Express 5 app for every scenario, so they share the same express-session and passport
 * setup and differ only in the route they hit:
 * a `POST /login/password` (passport-local, signs in), b `POST /login/totp` (passport-totp),
 * c `GET /login/sms` (sends the code, renders the prompt), d `POST /login/sms` (verifies it),
 * f `POST /login/floor` (signs in the user its session names, nothing checked).
 * `POST /login` is the password step in front of the SMS step, `POST /login/floor/start` the one
 * in front of f. Failures answer 401, so that every measured request can be checked by its status alone.
 */
export function createBenchApp(parts: BenchAppParts): Express {
  const users = new Map<string, BenchUser>();
  const byId = new Map<string, BenchUser>();
  for (let i = 0; i < parts.users; i += 1) {
    const user = benchUser(i);
    users.set(user.username, user);
    byId.set(user.id, user);
  }

  const passport = new Passport();
  passport.serializeUser((user, done) => done(null, (user as BenchUser).id));
  passport.deserializeUser((id: string, done) => done(null, byId.get(id) ?? false));
  passport.use(
    new LocalStrategy((username, password, done) => {
      const user = users.get(username);
      done(null, user && user.password === password ? user : false);
    }),
  );
  passport.use(new TotpStrategy((user, done) => done(null, (user as BenchUser).totpKey, 30)));
  const sms = new SmsOtpStrategy({
    provider: parts.provider,
    store: parts.otpStore,
    secret: 'bench-secret-of-enough-length',
    appName: 'Bench',
    passport,
    // Unset, as in an app that sets none: the default logger, writing to stderr (a pipe, see AppProcess).
    logger: parts.logger,
    // Every send is counted in its prefix and country, as with the defaults, but a load run's
    // thousands of never-verified codes to a few prefixes would be refused as pumping: the
    // highest limits and no conversion rule keep the cost and drop the refusals.
    tollFraud: LOAD_TOLL_FRAUD,
  });
  passport.use(sms);

  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(session({ secret: 'bench-session-secret', resave: false, saveUninitialized: false, store: parts.sessionStore }));
  app.use(passport.session());

  app.post('/login/password', passport.authenticate('local', { successRedirect: '/account' }));
  app.post('/login/totp', passport.authenticate('totp'), (req, res) => {
    (req.session as unknown as { secondFactor?: string }).secondFactor = 'totp';
    res.redirect('/account');
  });
  app.post('/login', passport.authenticate('local', { session: false, failureRedirect: '/login' }), sms.afterFirstFactor({ redirectTo: '/login/sms' }));
  app.get('/login/sms', passport.authenticate('sms-otp'));
  app.post('/login/sms', passport.authenticate('sms-otp', { successRedirect: '/account' }));
  app.post('/login/floor/start', passport.authenticate('local', { session: false, failureRedirect: '/login' }), (req, res) => {
    floorSession(req).floorUserId = (req.user as BenchUser).id;
    res.redirect(303, '/login/floor');
  });
  // The least a second factor can cost: what d does once its code is accepted, and nothing else.
  app.post('/login/floor', (req, res, next) => {
    const id = floorSession(req).floorUserId;
    const user = id === undefined ? undefined : byId.get(id);
    if (!user) {
      res.sendStatus(401);
      return;
    }
    req.login(user, (err) => (err ? next(err) : res.redirect('/account')));
  });
  return app;
}

/** The session of a user who passed f's password step: only their id, like a pending sign-in holds it. */
function floorSession(req: Request): { floorUserId?: string } {
  return req.session as unknown as { floorUserId?: string };
}
