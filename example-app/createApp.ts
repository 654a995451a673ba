import path from 'node:path';
import express, { type ErrorRequestHandler, type Express } from 'express';
import session from 'express-session';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { smsOtpMetrics } from '../lib';
import type { ExampleConfig } from './config';
import { DevInbox } from './devInbox';
import { devInboxRouter } from './devInboxRouter';
import { DEV_RECEIPTS_PATH, devReceiptsRouter } from './devReceipts';
import { languageSwitch } from './language';
import { createLogger, requestLogger } from './logger';
import { metricsRouter } from './metricsRoute';
import { DEFAULT_PASSWORD_LIMITS, PasswordLimits, TooManyPasswordAttempts } from './passwordLimits';
import { authRoutes } from './routes';
import { csrfProtection, isCsrfError, securityHeaders } from './security';
import { securityRoutes } from './securityRoutes';
import { createSmsOtpStrategy } from './smsOtp';
import { providerFromEnv } from './smsProvider';
import { openStorage } from './storage';
import { UserDirectory } from './users';

/** A ready example app. */
export interface ExampleApp {
  readonly app: Express;
  readonly logger: Logger;
  /** The development SMS inbox (texts, calls and their development receipts), when nothing is really sent. */
  readonly inbox: DevInbox | undefined;
  /** Closes connections the app holds (Redis). */
  close(): Promise<void>;
}

/** Builds the example app for a configuration (see `loadConfig`). */
export async function createApp(config: ExampleConfig): Promise<ExampleApp> {
  const logger = createLogger(config);
  const storage = await openStorage(config.redisUrl, config.redisPrefix, logger);
  const users = await UserDirectory.demo();
  const providerOverride = config.smsOtp?.provider;
  const inbox = providerOverride || config.smsProvider || config.production ? undefined : new DevInbox({ write: config.printSms });

  const passwordLimits = new PasswordLimits(storage.rateLimiter, { ...DEFAULT_PASSWORD_LIMITS, ...config.passwordLimits });

  const authenticator = new Passport();
  authenticator.serializeUser((user, done) => done(null, (user as { id: string }).id));
  authenticator.deserializeUser((id, done) => done(null, users.byId(id) ?? false));
  authenticator.use(
    // Past the limits, the password is not checked: the error page answers 429 (see errorPage).
    new LocalStrategy({ passReqToCallback: true }, (req, username, password, done) => {
      passwordLimits.attempt(req.ip ?? req.socket.remoteAddress ?? '', username, () => users.authenticate(username, password)).then(
        (user) => done(null, user ?? false, user ? undefined : { message: 'Wrong username or password.' }),
        done,
      );
    }),
  );
  const metrics = config.metrics ? new Registry() : undefined;
  const smsOtp = createSmsOtpStrategy({
    secret: config.smsOtpSecret,
    provider: providerOverride ?? inbox ?? providerFromEnv(config.env),
    store: storage.otpStore,
    passport: authenticator,
    users,
    logger,
    // Only the development inbox may take the demo users' fictional numbers; a real provider never does.
    acceptFictionalNumbers: inbox !== undefined,
    devInboxUrl: inbox ? '/dev/sms' : undefined,
    metrics: metrics ? smsOtpMetrics({ register: metrics }) : undefined,
    overrides: config.smsOtp,
  });
  authenticator.use(smsOtp);

  const app = express();
  app.set('trust proxy', config.trustProxy);
  app.set('view engine', 'ejs');
  app.set('views', path.join(__dirname, 'views'));
  app.disable('x-powered-by');

  // Before the request log: Prometheus scrapes every few seconds.
  if (metrics) app.use(metricsRouter(metrics, { public: config.metricsPublic }));
  app.use(requestLogger(logger));
  app.use(securityHeaders(config.production));
  // The console's development receipts, from the inbox (or curl): like a real provider's receipts
  // URL, before the session and the CSRF check, which a provider's request has neither of.
  if (inbox && !config.production) app.use(devReceiptsRouter(smsOtp));
  app.use('/static', express.static(path.join(__dirname, 'public'), { maxAge: config.production ? '1h' : 0 }));
  app.use(express.urlencoded({ extended: false, limit: '10kb' }));
  app.use(
    session({
      name: 'example.sid',
      secret: config.sessionSecret,
      store: storage.sessionStore,
      resave: false,
      saveUninitialized: false,
      // Production: Secure always, so a TLS proxy without TRUST_PROXY fails loudly (no cookie) instead
      // of silently sending it in the clear. Development: Secure whenever the request came over HTTPS.
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.production ? true : 'auto', maxAge: 8 * 60 * 60 * 1000 },
    }),
  );
  app.use(authenticator.session());
  app.use(csrfProtection);
  app.use(languageSwitch);
  app.use((req, res, next) => {
    res.locals.signedInAs = req.isAuthenticated() ? (req.user as { username: string }).username : undefined;
    next();
  });

  app.use(authRoutes({ passport: authenticator, smsOtp, showDemoCredentials: !config.production }));
  app.use(securityRoutes(smsOtp, users));
  if (inbox && !config.production) app.use(devInboxRouter(inbox, DEV_RECEIPTS_PATH));

  app.use((_req, res) => {
    res.status(404).render('error', { title: 'Page not found', message: 'There is nothing at this address.' });
  });
  app.use(errorPage(logger));

  return { app, logger, inbox, close: () => storage.close() };
}

/**
 * 403 for a missing or stale CSRF token, 429 with `Retry-After` past the password limits, the
 * client's own error (a form too large, say), or 500 (logged, details hidden).
 */
function errorPage(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof TooManyPasswordAttempts) {
      res.set('Retry-After', String(err.retryAfterSeconds));
      res.status(429).render('error', {
        title: 'Too many sign-in attempts',
        message: `Too many wrong passwords were tried. Wait ${waitInWords(err.retryAfterSeconds)}, then sign in again.`,
      });
      return;
    }
    if (isCsrfError(err)) {
      res.status(403).render('error', {
        title: 'This form has expired',
        message: 'The page was open too long or was sent from somewhere else. Go back, reload the page and try again.',
      });
      return;
    }
    const status = (err as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).render('error', { title: 'That request could not be read', message: 'Go back, reload the page and try again.' });
      return;
    }
    (req.log ?? logger).error({ err }, 'request failed');
    res.status(500).render('error', { title: 'Something went wrong', message: 'We could not complete your request. Please try again in a moment.' });
  };
}

/** A wait as the page says it, rounded up: "45 seconds", "2 minutes", "1 hour". */
function waitInWords(seconds: number): string {
  const [size, unit] = ([[3600, 'hour'], [60, 'minute'], [1, 'second']] as const).find(([size]) => seconds >= size) ?? [1, 'second'];
  const count = Math.ceil(seconds / size);
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
