import express, { type Express, type RequestHandler } from 'express';
import session from 'express-session';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import request from 'supertest';
import { ConsoleProvider, SmsOtpStrategy, type RequireRecentOptions, type SmsOtpOptions, type SmsProvider, type VerifyCallback } from '../../lib';

/** The strategy's `secret` in the test app. */
export const TEST_SECRET = 'test-secret-with-enough-length';

/** A user of the test app. */
export interface TestUser {
  id: string;
  username: string;
  password: string;
  mobile?: string;
}

export const alice: TestUser = { id: 'u1', username: 'alice', password: 'correct-horse', mobile: '+1 201 555 0123' };
export const bob: TestUser = { id: 'u2', username: 'bob', password: 'correct-horse' };

/** Texts (and calls) the provider was given, newest last. */
export class Outbox {
  readonly messages: { to: string; body: string; channel?: 'sms' | 'voice'; digits?: string }[] = [];

  /** A real ConsoleProvider that writes into this outbox instead of stderr; it can call, as the console can. */
  provider(): SmsProvider {
    const provider = new ConsoleProvider({ write: () => undefined });
    return {
      name: provider.name,
      voice: true,
      send: async (message) => {
        this.messages.push({ to: message.to, body: message.body, ...(message.channel === 'voice' && { channel: message.channel, digits: message.digits }) });
        return provider.send(message);
      },
    };
  }

  /** The code in the latest message. */
  latestCode(): string {
    const latest = this.messages.at(-1);
    if (!latest) throw new Error('no SMS was sent');
    return latest.digits ? latest.digits.replace(/ /g, '') : this.codeIn(latest.body);
  }

  /** The code in one text: after "is" in English; in any language, the longest run of digits (numeric codes). */
  codeIn(body: string): string {
    const code = /is ([0-9A-Z]+)\./.exec(body)?.[1] ?? longestDigitRun(body);
    if (!code) throw new Error(`no code in: ${body}`);
    return code;
  }
}

function longestDigitRun(text: string): string | undefined {
  return (text.match(/[0-9]{4,}/g) ?? []).sort((a, b) => b.length - a.length)[0];
}

export interface TestAppOptions {
  strategy?: SmsOtpOptions;
  users?: TestUser[];
  provider?: SmsProvider | SmsProvider[];
  getMobile?: (user: unknown, req: unknown) => string | undefined | Promise<string | undefined>;
  /** The strategy's verify callback (its last constructor argument). */
  verify?: VerifyCallback<unknown>;
  /** The SMS outbox; default a new one. Share one between app instances to count every text. */
  outbox?: Outbox;
  /** express-session's store; default a new MemoryStore. Share one between app instances. */
  sessionStore?: session.Store;
  /** Passport options for POST /login/sms; default redirects with failure messages. */
  verifyOptions?: Record<string, unknown>;
  /** Middleware run before the routes. */
  middleware?: RequestHandler[];
  /** The body parsers the app installs, in order; default both. */
  bodyParsers?: readonly ('urlencoded' | 'json')[];
  /** Other versions of Express and Passport to build the app with; default Express 5 and passport 0.7. */
  frameworks?: { express: typeof express; Passport: typeof Passport };
  /** Express's `trust proxy`, to test what `X-Forwarded-Proto` changes. */
  trustProxy?: boolean;
  /** Options of the step-up guarding `GET /security` and `POST /payout`. */
  stepUp?: RequireRecentOptions;
  /** Puts the step-up in front of `/account/mobile` too (with `enrollment`). */
  stepUpMobileChange?: boolean;
}

/** The page where a signed-in user creates recovery codes (with the `recoveryCodes` option), and where "Done" leads. */
export const RECOVERY_CODES_PAGE = '/account/recovery-codes';

/** A real Express 5 app with express-session, passport 0.7, passport-local and the SMS OTP step. */
export function createTestApp(options: TestAppOptions = {}): { app: Express; outbox: Outbox; strategy: SmsOtpStrategy; sessions: session.Store } {
  const users = options.users ?? [alice, bob];
  const outbox = options.outbox ?? new Outbox();
  const frameworks = options.frameworks ?? { express, Passport };
  const authenticator = new frameworks.Passport();
  authenticator.serializeUser((user, done) => done(null, (user as TestUser).id));
  authenticator.deserializeUser((id, done) => done(null, users.find((user) => user.id === id) ?? false));
  authenticator.use(
    new LocalStrategy((username, password, done) => {
      const user = users.find((candidate) => candidate.username === username && candidate.password === password);
      done(null, user ?? false, user ? undefined : { message: 'Wrong username or password.' });
    }),
  );
  const strategy = new SmsOtpStrategy(
    {
      provider: options.provider ?? outbox.provider(),
      secret: TEST_SECRET,
      // Tests read events through onEvent; a test of the logging passes its own logger.
      logger: false,
      appName: 'Acme',
      passport: authenticator,
      ...(options.getMobile && { getMobile: options.getMobile }),
      ...options.strategy,
    },
    options.verify,
  );
  authenticator.use(strategy);

  const sessions = options.sessionStore ?? new session.MemoryStore();
  const app = frameworks.express();
  if (options.trustProxy) app.set('trust proxy', true);
  for (const parser of options.bodyParsers ?? ['urlencoded', 'json']) {
    app.use(parser === 'json' ? frameworks.express.json() : frameworks.express.urlencoded({ extended: false }));
  }
  app.use(session({ secret: 'session-secret', resave: false, saveUninitialized: false, store: sessions }));
  app.use(authenticator.session());
  for (const middleware of options.middleware ?? []) app.use(middleware);
  app.post(
    '/login',
    authenticator.authenticate('local', { session: false, failureRedirect: '/login', failureMessage: true }),
    strategy.afterFirstFactor({ redirectTo: '/login/sms', successRedirect: '/account' }),
  );
  app.get('/login/sms', authenticator.authenticate(strategy.name));
  app.post(
    '/login/sms',
    authenticator.authenticate(strategy.name, options.verifyOptions ?? { successRedirect: '/account', failureRedirect: '/login/sms', failureMessage: true }),
  );
  if (options.strategy?.enrollment) {
    const guard = options.stepUpMobileChange ? [strategy.requireRecent(options.stepUp)] : [];
    app.all('/account/mobile', ...guard, strategy.changeMobile({ successRedirect: '/account' }));
  }
  for (const provider of ([] as SmsProvider[]).concat(options.provider ?? [])) {
    if (provider.receipts) app.post(`/sms-otp/receipts/${provider.name}`, strategy.deliveryReceipts(provider.name));
  }
  if (options.strategy?.recoveryCodes) app.all(RECOVERY_CODES_PAGE, strategy.recoveryCodes({ successRedirect: '/account' }));
  app.post('/unlock/:id', (req, res, next) => void strategy.unlock(users.find((user) => user.id === req.params.id)).then(() => res.sendStatus(204), next));
  app.get('/security', strategy.requireRecent(options.stepUp), (_req, res) => void res.send('security settings'));
  app.post('/payout', strategy.requireRecent(options.stepUp), (_req, res) => void res.send('paid'));
  app.post('/forget-devices', (req, res, next) => void strategy.forgetDevices(req.user).then(() => res.sendStatus(204), next));
  app.post('/logout', (req, res, next) => req.logout((err) => (err ? next(err) : res.redirect(303, '/login'))));
  app.get('/account', (req, res) => {
    if (!req.isAuthenticated()) return res.status(401).send('not signed in');
    res.send(`signed in as ${(req.user as TestUser).username}`);
  });
  app.get('/session-messages', (req, res) => {
    res.json((req.session as { messages?: string[] }).messages ?? []);
  });
  app.get('/whoami', (req, res) => {
    res.json({ authenticated: req.isAuthenticated(), user: (req.user as TestUser | undefined)?.username ?? null });
  });
  return { app, outbox, strategy, sessions };
}

/** Signs in with the password and follows to the prompt (which sends the first code). */
export async function passFirstFactor(agent: request.Agent, user: TestUser = alice): Promise<request.Response> {
  await agent.post('/login').type('form').send({ username: user.username, password: user.password }).expect(303);
  return agent.get('/login/sms');
}

/** Reads the value of a session cookie from a response. */
export function sessionCookie(response: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  return cookies.find((cookie) => cookie.startsWith('connect.sid='))?.split(';')[0];
}
