import type { NestExpressApplication } from '@nestjs/platform-express';
import session from 'express-session';
import passport from 'passport';

/**
 * What the app needs before Nest's router: sessions and Passport's session support. (Nest parses
 * JSON and urlencoded bodies itself, before the routes and the middlewares of `configure()`.)
 */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  app.use(
    session({
      secret: process.env.SESSION_SECRET ?? 'development-only-session-secret',
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax' },
    }),
  );
  app.use(passport.session());
  return app;
}
