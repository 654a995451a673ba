import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import session from 'express-session';
import { connect } from 'node:net';
import request from 'supertest';
import { listen, type ListeningApp } from './support/rawHttp';
import { alice, createTestApp } from './support/testApp';

/** A session store that takes `delayMs` to load a session, so a client can go away meanwhile. */
class SlowMemoryStore extends session.MemoryStore {
  constructor(private readonly delayMs: number) {
    super();
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    setTimeout(() => super.get(sid, callback), this.delayMs);
  }
}

/** What the app did with one request: the status it answered with, and the error that reached its error handler, if any. */
interface Observed {
  status?: number;
  error?: unknown;
}

/**
 * The test app with express-session BEFORE the body parser (Express 5), answering the prompt's
 * failures with Passport's own status (no `failureRedirect`), on a listening server.
 */
async function sessionFirstApp(sessionStore: session.Store): Promise<{ server: ListeningApp; observed: Observed[] }> {
  const observed: Observed[] = [];
  const recordStatus: RequestHandler = (_req, res, next) => {
    const request: Observed = {};
    observed.push(request);
    res.locals.observed = request;
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    res.end = ((...args: unknown[]) => {
      request.status ??= res.statusCode;
      return end(...args);
    }) as typeof res.end;
    next();
  };
  const { app } = createTestApp({
    sessionStore,
    bodyParsers: [],
    middleware: [recordStatus, express.urlencoded({ extended: false })],
    verifyOptions: { successRedirect: '/account' },
  });
  const recordError: ErrorRequestHandler = (err, _req, res, next) => {
    (res.locals.observed as Observed).error = err;
    next(err);
  };
  app.use(recordError);
  return { server: await listen(app), observed };
}

/** Passes alice's password step; the session cookie of her pending sign-in. */
async function pendingSignIn(server: ListeningApp): Promise<string> {
  const agent = request.agent(server.url);
  const response = await agent.post('/login').type('form').send({ username: alice.username, password: alice.password }).expect(303);
  return ([] as string[]).concat(response.headers['set-cookie'] ?? [])[0].split(';')[0];
}

/** Sends the head of a form POST of 100 bytes and the first 10, then destroys the socket after `closeAfterMs`. */
function abortedPost(server: ListeningApp, cookie: string, closeAfterMs: number): void {
  const head = `POST /login/sms HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n`;
  const socket = connect(server.port, '127.0.0.1', () => {
    socket.write(`${head}code=12345`);
    setTimeout(() => socket.destroy(), closeAfterMs);
  });
  socket.on('error', () => undefined);
}

/** Waits until the app answered the `count`th request. */
async function settled(observed: Observed[], count: number): Promise<void> {
  for (let waited = 0; observed[count - 1]?.status === undefined && waited < 3000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a POST whose client goes away before its body is in', () => {
  const servers: ListeningApp[] = [];
  afterAll(() => Promise.all(servers.map((server) => server.close())));

  it('is a 400 from the strategy, never the set-up error, when it aborts while the session loads (20 of 20)', async () => {
    const { server, observed } = await sessionFirstApp(new SlowMemoryStore(30));
    servers.push(server);
    const cookie = await pendingSignIn(server);
    observed.length = 0;
    for (let i = 1; i <= 20; i += 1) {
      abortedPost(server, cookie, 5);
      await settled(observed, i);
    }
    expect(observed).toEqual(Array.from({ length: 20 }, () => ({ status: 400 })));
  });

  it('never reaches the set-up error when the body is cut short', async () => {
    const { server, observed } = await sessionFirstApp(new session.MemoryStore());
    servers.push(server);
    const cookie = await pendingSignIn(server);
    observed.length = 0;
    for (let i = 1; i <= 20; i += 1) {
      abortedPost(server, cookie, 20);
      await settled(observed, i);
    }
    expect(observed).toHaveLength(20);
    for (const request of observed) {
      expect(request.status).toBe(400);
      // The body parser may see the cut itself, and pass its own 400 ("request aborted") to the error handler.
      if (request.error !== undefined) expect(request.error).toMatchObject({ status: 400, type: 'request.aborted' });
    }
  });

  it('leaves the set-up error for an app with no body parser at all', async () => {
    const { app } = createTestApp({ bodyParsers: [] });
    const response = await request(app).post('/login/sms').type('form').send({ code: '123456' });
    expect(response.status).toBe(500);
    expect(response.text).toContain('add express.urlencoded() before passport.authenticate()');
  });
});
