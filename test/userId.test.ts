import request from 'supertest';
import type { SmsOtpEvent, SmsOtpOptions, UserSerializer } from '../lib';
import { backends } from './support/backends';
import { listen, type ListeningApp } from './support/rawHttp';
import { alice, createTestApp, type TestUser } from './support/testApp';
import { wrongCode } from './support/twoInstances';

/** A user record as an app might keep it, with a password hash the first factor's record carries. */
interface UserRecord extends TestUser {
  passwordHash: string;
  lastLoginAt: number;
}

/** Serializes the whole record, with a field each first factor changes: the mistake the `userId` option guards against. */
function wholeRecordSerializer(users: UserRecord[], shape: (user: UserRecord) => object = (user) => ({ ...user })): UserSerializer {
  return {
    serializeUser: (user, _req, done) => {
      const record = user as UserRecord;
      record.lastLoginAt += 1;
      done(null, shape(record));
    },
    deserializeUser: (serialized, _req, done) => done(null, users.find((user) => user.username === (serialized as { username?: string }).username) ?? false),
  };
}

const servers: ListeningApp[] = [];
afterAll(() => Promise.all(servers.map((server) => server.close())));

describe.each(backends('userId'))('the user\'s identity, with the $name backend', (backend) => {
  afterAll(() => backend.close());

  async function scenario(strategy: (users: UserRecord[]) => SmsOtpOptions) {
    const users: UserRecord[] = [{ ...alice, passwordHash: 'pbkdf2$secret-hash', lastLoginAt: 1 }];
    const state = await backend.open();
    const events: SmsOtpEvent[] = [];
    const { app, outbox } = createTestApp({
      users,
      sessionStore: state.sessionStore,
      verifyOptions: { successRedirect: '/account' },
      // Plenty of texts to one number: the lockout, not a send quota, is what ends the guessing.
      strategy: { store: state.otpStore, onEvent: (event) => void events.push(event), sendQuotas: { perNumber: { max: 100, windowSeconds: 900 } }, ...strategy(users) },
    });
    const server = await listen(app);
    servers.push(server);
    return { url: server.url, outbox, events };
  }

  /** One sign-in: the password, the prompt, then a wrong code for each attempt the code has (5), until one is refused otherwise; the prompt's status. */
  async function guessingSignIn(url: string, code: () => string): Promise<number> {
    const agent = request.agent(url);
    await agent.post('/login').type('form').send({ username: alice.username, password: alice.password }).expect(303);
    const prompt = await agent.get('/login/sms');
    if (prompt.status !== 200) return prompt.status;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const guess = await agent.post('/login/sms').type('form').send({ code: wrongCode(code()) });
      if (guess.status !== 401) break;
    }
    return prompt.status;
  }

  it('stays one identity across sign-ins when serializeUser gives a changing record with an id: at most lockout.maxFailures guesses compared', async () => {
    const { url, outbox, events } = await scenario((users) => ({ passport: wholeRecordSerializer(users) }));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push(await guessingSignIn(url, () => outbox.latestCode()));
    const compared = events.filter((event) => (event.type === 'failed' && event.reason === 'wrong_code') || (event.type === 'locked' && event.reason === 'max_attempts'));
    expect(compared).toHaveLength(10);
    expect(statuses.slice(2)).toEqual([423, 423, 423, 423]);
    expect(new Set(events.map((event) => event.userKey))).toEqual(new Set(['u1']));
    const logged = JSON.stringify(events);
    expect(logged).not.toContain('pbkdf2$secret-hash');
    expect(logged).not.toContain('2015550123');
  });

  it('asks for the userId option when serializeUser gives an object without an id, sending nothing', async () => {
    const { url, outbox } = await scenario((users) => ({ passport: wholeRecordSerializer(users, (user) => ({ username: user.username, lastLoginAt: user.lastLoginAt })) }));
    const response = await request(url).post('/login').type('form').send({ username: alice.username, password: alice.password });
    expect(response.status).toBe(500);
    expect(response.text).toContain('InvalidOptionError: Option &quot;userId&quot; must be set to a function (user) =&gt; string');
    expect(outbox.messages).toHaveLength(0);
  });

  it('keys limits and events by the userId option when it is given', async () => {
    const { url, outbox, events } = await scenario((users) => ({
      passport: wholeRecordSerializer(users, (user) => ({ username: user.username, lastLoginAt: user.lastLoginAt })),
      userId: (user: unknown) => (user as UserRecord).username,
    }));
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push(await guessingSignIn(url, () => outbox.latestCode()));
    expect(statuses).toEqual([200, 200, 423]);
    expect(new Set(events.map((event) => event.userKey))).toEqual(new Set(['alice']));
  });
});
