import type session from 'express-session';
import { Registry } from 'prom-client';
import { OtpStoreUnavailableError, SmsSendError, smsOtpMetrics, type SmsOtpOptions, type SmsProvider } from '../lib';
import type { OtpStore } from '../lib/store';
import { backends, type SharedState } from './support/backends';
import { storeWithFeatures } from './support/coreOnlyStore';
import { RecoveryBook } from './support/recoveryBook';
import { recordingLogger } from './support/recordingLogger';
import type { TestUser } from './support/testApp';
import { closeAllInstances, TwoInstances } from './support/twoInstances';
import { shownView, VIEW_JSON } from './support/viewJson';
import { enrollingUsers, Visitor } from './support/visitors';

afterAll(() => closeAllInstances());

const HOUR = 3_600_000;
const CANNOT_TEXT = "We can't send a text to this number right now.";

/** `count` numbers of one prefix (an E.164 number without its last 4 digits), from `from` on. */
function numbersIn(prefix: string, count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(from + i).padStart(4, '0')}`);
}

/** A user whose number on file is `mobile` (named without its digits, so that a log holding the name shows no number). */
function owner(mobile: string): TestUser {
  const name = Buffer.from(mobile).toString('base64url');
  return { id: name, username: name, password: 'correct-horse', mobile };
}

/** Two instances whose users own `mobiles`. */
function instances(state: SharedState, mobiles: readonly string[], strategy: SmsOtpOptions = {}): TwoInstances {
  return new TwoInstances(state, strategy, { users: mobiles.map(owner) });
}

/** The code texted to `mobile` last. */
function codeTo(pair: TwoInstances, mobile: string): string {
  const message = pair.outbox.messages.filter((sent) => sent.to === mobile).at(-1);
  if (!message) throw new Error(`no text to ${mobile}`);
  return pair.outbox.codeIn(message.body);
}

/** Each number's owner passes the password step in a browser of their own (alternating instances), all at once: the statuses of their prompts. */
async function signInAtOnce(pair: TwoInstances, mobiles: readonly string[]): Promise<number[]> {
  return Promise.all(mobiles.map(async (mobile, i) => (await new Visitor(pair).passFirstFactor(owner(mobile), i % 2 ? pair.b : pair.a)).status));
}

/** Each number's owner in turn passes the password step and, when `verify` says so, types the code: the statuses of their prompts. */
async function signInInTurn(pair: TwoInstances, mobiles: readonly string[], verify: (mobile: string, i: number) => boolean = () => false): Promise<number[]> {
  const statuses: number[] = [];
  for (const [i, mobile] of mobiles.entries()) {
    const visitor = new Visitor(pair);
    const app = i % 2 ? pair.b : pair.a;
    const prompt = await visitor.passFirstFactor(owner(mobile), app);
    statuses.push(prompt.status);
    if (prompt.status === 200 && verify(mobile, i)) {
      const answer = await visitor.send(app === pair.a ? pair.b : pair.a, 'post', '/login/sms', { code: codeTo(pair, mobile) });
      expect(answer.headers.location).toBe('/account');
    }
  }
  return statuses;
}

const count = (statuses: readonly number[], status: number) => statuses.filter((answer) => answer === status).length;

/** The session id in a browser's `connect.sid=s%3A<id>.<signature>` cookie. */
function sessionId(cookie: string): string {
  const value = decodeURIComponent(/connect\.sid=([^;]+)/.exec(cookie)?.[1] ?? '');
  return value.slice(2, value.lastIndexOf('.'));
}

const readSession = (store: session.Store, sid: string) =>
  new Promise<session.SessionData>((resolve, reject) => store.get(sid, (err, data) => (err || !data ? reject(err ?? new Error('no session')) : resolve(data))));
const writeSession = (store: session.Store, sid: string, data: session.SessionData) => new Promise<void>((resolve, reject) => store.set(sid, data, (err) => (err ? reject(err) : resolve())));

describe.each(backends('tollFraud'))('toll-fraud limits, with the $name backend across two instances', (backend) => {
  afterAll(() => backend.close());

  describe('velocity', () => {
    it('texts a prefix exactly perPrefix times within the hour under parallel sign-ins, reports the episode once, and texts another prefix meanwhile', async () => {
      const attacked = numbersIn('+1202200', 12);
      const elsewhere = numbersIn('+1202201', 1);
      const later = numbersIn('+1202200', 5, 20);
      const pair = instances(await backend.open(), [...attacked, ...elsewhere, ...later], { tollFraud: { perPrefix: 5, conversion: false } });
      const statuses = await signInAtOnce(pair, attacked);
      expect([count(statuses, 200), count(statuses, 429)]).toEqual([5, 7]);
      expect(pair.outbox.messages).toHaveLength(5);
      expect(pair.eventsOf('send_refused', 'prefix_velocity')).toHaveLength(7);
      expect(pair.eventsOf('send_refused', 'prefix_velocity').every((event) => event.country === 'US')).toBe(true);
      expect(pair.eventsOf('fraud_suspected').map(({ reason, group, country }) => ({ reason, group, country }))).toEqual([
        { reason: 'prefix_velocity', group: 'prefix +1202200', country: 'US' },
      ]);

      expect(await signInAtOnce(pair, elsewhere)).toEqual([200]);
      pair.now += HOUR;
      expect(await signInAtOnce(pair, later)).toEqual([200, 200, 200, 200, 200]);
    });

    it('texts a country exactly its perCountry figure within the hour, across its prefixes, while other countries get theirs', async () => {
      const french = ['+3361234', '+3361235', '+3361236'].flatMap((prefix) => numbersIn(prefix, 3));
      const american = numbersIn('+1202200', 3);
      const pair = instances(await backend.open(), [...french, ...american], { tollFraud: { perCountry: { default: 1000, FR: 6 }, conversion: false } });
      const statuses = await signInAtOnce(pair, french);
      expect([count(statuses, 200), count(statuses, 429)]).toEqual([6, 3]);
      expect(pair.eventsOf('send_refused', 'country_velocity')).toHaveLength(3);
      expect(pair.eventsOf('fraud_suspected').map(({ reason, group }) => ({ reason, group }))).toEqual([{ reason: 'country_velocity', group: 'country FR' }]);
      expect(await signInAtOnce(pair, american)).toEqual([200, 200, 200]);
    });
  });

  describe('conversion', () => {
    it('pauses a prefix at the send after minSends unverified codes fall below minRate, for pauseMinutes, and again while the pattern lasts', async () => {
      const pumped = numbersIn('+1202200', 40);
      const pair = instances(await backend.open(), pumped);
      // Two of the first ten verified: 2 of 10 is the least rate (0.2) that keeps the prefix going.
      expect(await signInInTurn(pair, pumped.slice(0, 11), (_mobile, i) => i < 2)).toEqual(Array(11).fill(200));
      // 2 of 11 is below it: the next send starts the pause.
      expect(await signInInTurn(pair, pumped.slice(11, 13))).toEqual([429, 429]);
      expect(pair.eventsOf('send_refused', 'low_conversion')).toHaveLength(2);
      expect(pair.eventsOf('fraud_suspected').map(({ reason, group, country }) => ({ reason, group, country }))).toEqual([
        { reason: 'low_conversion', group: 'prefix +1202200', country: 'US' },
      ]);

      pair.now += HOUR - 1;
      expect(await signInInTurn(pair, pumped.slice(13, 14))).toEqual([429]);
      pair.now += 1;
      // The pause is over, and the sends before it left the hour: ten more unverified codes pause it again.
      expect(await signInInTurn(pair, pumped.slice(14, 25))).toEqual([...Array(10).fill(200), 429]);
      expect(pair.eventsOf('fraud_suspected', 'low_conversion')).toHaveLength(2);
      expect(pair.outbox.messages).toHaveLength(21);
    });

    it('keeps a prefix going while its codes are verified', async () => {
      const genuine = numbersIn('+1202200', 18);
      const pair = instances(await backend.open(), genuine);
      expect(await signInInTurn(pair, genuine, () => true)).toEqual(Array(18).fill(200));
      expect(pair.eventsOf('fraud_suspected')).toHaveLength(0);
      expect(pair.eventsOf('verified').map((event) => event.country)).toEqual(Array(18).fill('US'));
    });

    it('still texts the other prefixes of a country while one prefix is paused', async () => {
      const pumped = numbersIn('+1202200', 12);
      const genuine = ['+1202201', '+1202202', '+1202203'].flatMap((prefix) => numbersIn(prefix, 2));
      const pair = instances(await backend.open(), [...pumped, ...genuine], { tollFraud: { conversion: { minSends: 10, minCountrySends: 20 } } });
      expect(await signInInTurn(pair, pumped)).toEqual([...Array(10).fill(200), 429, 429]);
      expect(await signInInTurn(pair, genuine, () => true)).toEqual(Array(6).fill(200));
      expect(pair.eventsOf('fraud_suspected').map((event) => event.group)).toEqual(['prefix +1202200']);
    });

    it("pauses a country on its own figures: unverified codes spread over prefixes none of which pauses, and no other country", async () => {
      const spread = ['+1202200', '+1202201', '+1202202', '+1202203', '+1202204'].flatMap((prefix) => numbersIn(prefix, 2));
      const french = numbersIn('+3361234', 2);
      const pair = instances(await backend.open(), [...spread, ...french], { tollFraud: { conversion: { minSends: 3, minCountrySends: 8 } } });
      expect(await signInInTurn(pair, spread)).toEqual([...Array(8).fill(200), 429, 429]);
      expect(pair.eventsOf('fraud_suspected').map(({ reason, group, country }) => ({ reason, group, country }))).toEqual([
        { reason: 'low_conversion', group: 'country US', country: 'US' },
      ]);
      expect(await signInInTurn(pair, french)).toEqual([200, 200]);
    });

    it('counts a right code in the groups of the number it went to, not of a number given before in the same verification', async () => {
      const { users, enrollment } = enrollingUsers();
      const [enrolling] = users;
      delete enrolling.mobile;
      const others = ['+33612340001', '+12022000001'];
      // Every code must be verified: a group with one unverified code pauses at its next send.
      const strategy: SmsOtpOptions = { enrollment, resendCooldownSeconds: 0, tollFraud: { conversion: { minSends: 1, minCountrySends: 1, minRate: 1 } } };
      const pair = new TwoInstances(await backend.open(), strategy, { users: [...users, ...others.map(owner)] });
      const visitor = new Visitor(pair);
      await visitor.passFirstFactor(enrolling);
      expect((await visitor.send(pair.b, 'post', '/login/sms', { mobile: '+33612340000' })).status).toBe(303);
      expect((await visitor.send(pair.a, 'post', '/login/sms', { changeMobile: '1' })).status).toBe(303);
      expect((await visitor.send(pair.b, 'post', '/login/sms', { mobile: '+12022000000' })).status).toBe(303);
      expect((await visitor.send(pair.a, 'post', '/login/sms', { code: codeTo(pair, '+12022000000') })).headers.location).toBe('/account');
      expect(pair.eventsOf('verified').map((event) => event.country)).toEqual(['US']);

      expect(await signInInTurn(pair, others)).toEqual([429, 200]);
      expect(pair.eventsOf('fraud_suspected').map((event) => event.group)).toEqual(['prefix +3361234', 'country FR']);
    });
  });

  describe('an older copy of the session', () => {
    it('counts no right code in the groups it holds when the code went to another number since', async () => {
      const [before, neighbour, after] = ['+33612340000', '+33612340001', '+12022000000'];
      const me = owner(before);
      const state = await backend.open();
      const strategy: SmsOtpOptions = { resendCooldownSeconds: 0, tollFraud: { conversion: { minSends: 1, minCountrySends: 1, minRate: 1 } } };
      const pair = new TwoInstances(state, strategy, { users: [me, owner(neighbour)] });
      const visitor = new Visitor(pair);
      await visitor.passFirstFactor(me);
      const sid = sessionId(visitor.cookie);
      const older = await readSession(state.sessionStore, sid);
      me.mobile = after;
      expect((await visitor.send(pair.b, 'post', '/login/sms', { resend: '1' })).status).toBe(303);

      await writeSession(state.sessionStore, sid, older);
      await visitor.send(pair.a, 'post', '/login/sms', { code: codeTo(pair, after) });
      expect(pair.eventsOf('verified')).toHaveLength(0);
      // The first number's groups have one code sent and none verified: their next send pauses them.
      expect(await signInInTurn(pair, [neighbour])).toEqual([429]);
    });
  });

  describe('a failed send', () => {
    it.each([
      ['gives its group sends back when no text can have gone out', { code: 'ECONNREFUSED' }, 200],
      ['keeps them when a text may have gone out', { code: 'timeout' }, 429],
    ])('%s', async (_label, failure, second) => {
      let failNext = true;
      const provider: SmsProvider = {
        name: 'flaky',
        send: async () => {
          if (!failNext) return;
          failNext = false;
          throw new SmsSendError('provider failed', { provider: 'flaky', retryable: true, ...failure });
        },
      };
      const mobiles = numbersIn('+1202200', 2);
      const pair = new TwoInstances(await backend.open(), { tollFraud: { perPrefix: 1, conversion: false } }, { users: mobiles.map(owner), provider });
      expect(await signInInTurn(pair, mobiles)).toEqual([503, second]);
    });
  });

  describe('a refused send', () => {
    it('counts nothing else: not the sign-in\'s sends, not the number\'s or the user\'s quota, and the code sent before still works', async () => {
      const [mine, theirs] = numbersIn('+1202200', 2);
      const quota = { max: 2, windowSeconds: 7200 };
      const pair = instances(await backend.open(), [mine, theirs], {
        tollFraud: { perPrefix: 2, conversion: false },
        sendQuotas: { perNumber: quota, perUser: quota },
        maxResends: 1,
        resendCooldownSeconds: 0,
        expirySeconds: 7200,
        pendingTimeoutSeconds: 7200,
      });
      const me = new Visitor(pair);
      expect((await me.passFirstFactor(owner(mine))).status).toBe(200);
      expect(await signInInTurn(pair, [theirs])).toEqual([200]);
      for (const app of [pair.a, pair.b]) expect((await me.send(app, 'post', '/login/sms', { resend: '1' })).status).toBe(429);
      expect(pair.outbox.messages).toHaveLength(2);

      pair.now += HOUR;
      expect((await me.send(pair.b, 'post', '/login/sms', { resend: '1' })).status).toBe(303);
      expect(pair.outbox.messages).toHaveLength(3);
      expect(pair.eventsOf('resent').map((event) => event.country)).toEqual(['US']);
      expect((await me.send(pair.a, 'post', '/login/sms', { code: codeTo(pair, mine) })).headers.location).toBe('/account');
    });

    it('refused by a quota gives its group send back', async () => {
      const [first, second, third, fourth] = numbersIn('+1202200', 4);
      const pair = instances(await backend.open(), [first, second, third, fourth], { tollFraud: { perPrefix: 3, conversion: false }, sendQuotas: { perNumber: { max: 1, windowSeconds: 900 } } });
      expect(await signInInTurn(pair, [first, first, second, third, fourth])).toEqual([200, 429, 200, 200, 429]);
      expect(pair.eventsOf('send_refused').map((event) => event.reason)).toEqual(['quota_number', 'prefix_velocity']);
    });

    it('shows the page with the recovery link, or where to get help without recovery codes left, and answers 429', async () => {
      const mobiles = numbersIn('+1202200', 3);
      const book = new RecoveryBook();
      book.seed(owner(mobiles[1]).id, ['ABCD-EFGH-JKLM-NPQR']);
      const pair = instances(await backend.open(), mobiles, { view: VIEW_JSON, recoveryCodes: book.options(), tollFraud: { perPrefix: 1, conversion: false } });
      await signInInTurn(pair, mobiles.slice(0, 1));
      const withCodes = shownView(await new Visitor(pair).passFirstFactor(owner(mobiles[1])));
      expect(withCodes).toMatchObject({ state: 'blocked', status: 429, error: CANNOT_TEXT, recoveryUrl: '/login/sms?recovery' });
      const withoutCodes = shownView(await new Visitor(pair).passFirstFactor(owner(mobiles[2]), pair.b));
      expect(withoutCodes).toMatchObject({ state: 'blocked', status: 429, error: CANNOT_TEXT });
      expect(withoutCodes.recoveryUrl).toBeUndefined();
      expect(withoutCodes.recoveryHelp).toContain('You have no recovery codes');
      expect(pair.outbox.messages).toHaveLength(1);
    });

    it('refuses a resend or a call with its own words, and the prompt keeps its recovery link', async () => {
      const mobiles = numbersIn('+1202200', 2);
      const book = new RecoveryBook();
      book.seed(owner(mobiles[0]).id, ['ABCD-EFGH-JKLM-NPQR']);
      const strategy: SmsOtpOptions = { view: VIEW_JSON, voice: true, recoveryCodes: book.options(), tollFraud: { perPrefix: 2, conversion: false }, resendCooldownSeconds: 0 };
      // Passport keeps the failure's message for the prompt, which shows it.
      const pair = new TwoInstances(await backend.open(), strategy, { users: mobiles.map(owner), verifyOptions: { successRedirect: '/account', failureMessage: true } });
      const me = new Visitor(pair);
      await me.passFirstFactor(owner(mobiles[0]));
      await signInInTurn(pair, mobiles.slice(1));
      expect((await me.send(pair.a, 'post', '/login/sms', { call: '1' })).status).toBe(429);
      const prompt = { state: 'prompt', status: 200, recoveryUrl: '/login/sms?recovery' };
      expect(shownView(await me.send(pair.b, 'get', '/login/sms'))).toMatchObject({ ...prompt, error: "We can't call this number right now." });
      expect((await me.send(pair.b, 'post', '/login/sms', { resend: '1' })).status).toBe(429);
      expect(shownView(await me.send(pair.a, 'get', '/login/sms'))).toMatchObject({ ...prompt, error: CANNOT_TEXT });
      expect(pair.outbox.messages).toHaveLength(2);
      expect(pair.eventsOf('send_refused', 'prefix_velocity')).toHaveLength(2);
    });

    it('keeps the number form, saying so, when the number given at enrollment is refused', async () => {
      const { users, enrollment } = enrollingUsers();
      const [enrolling] = users;
      delete enrolling.mobile;
      const [taken, given] = numbersIn('+1202200', 2);
      const pair = new TwoInstances(await backend.open(), { view: VIEW_JSON, enrollment, tollFraud: { perPrefix: 1, conversion: false } }, { users: [...users, owner(taken)] });
      await signInInTurn(pair, [taken]);
      const visitor = new Visitor(pair);
      expect(shownView(await visitor.passFirstFactor(enrolling))).toMatchObject({ state: 'enroll' });
      const refused = shownView(await visitor.send(pair.b, 'post', '/login/sms', { mobile: given }));
      expect(refused).toMatchObject({ state: 'enroll', status: 429, error: CANNOT_TEXT });
      expect(pair.eventsOf('send_refused', 'prefix_velocity').map((event) => event.purpose)).toEqual(['enroll']);
    });

    it('speaks the user\'s language', async () => {
      const mobiles = numbersIn('+1202200', 2);
      const pair = instances(await backend.open(), mobiles, { locale: 'fr', tollFraud: { perPrefix: 1, conversion: false } });
      const statuses = await signInInTurn(pair, mobiles);
      expect(statuses).toEqual([200, 429]);
      const refused = await new Visitor(pair).passFirstFactor(owner(mobiles[1]));
      expect(refused.text).toContain('Nous ne pouvons pas envoyer de SMS à ce numéro pour le moment.');
    });
  });

  describe('events and logs', () => {
    it('logs the start of an episode once, at error, naming the group and never a number; each refused send at info', async () => {
      const mobiles = numbersIn('+1202200', 4);
      const { logger, lines } = recordingLogger();
      const pair = instances(await backend.open(), mobiles, { logger, tollFraud: { perPrefix: 2, conversion: false } });
      await signInInTurn(pair, mobiles);
      const errors = lines.filter((line) => line.level === 'error');
      expect(errors.map((line) => line.message)).toEqual([
        'sms-otp fraud_suspected: too many codes sent to one prefix within the hour, as in SMS pumping: sends to prefix +1202200 are refused for now (see the tollFraud option)',
      ]);
      expect(errors[0].fields).toMatchObject({ type: 'fraud_suspected', reason: 'prefix_velocity', group: 'prefix +1202200', country: 'US', mobile: '•••••••0002' });
      expect(lines.filter((line) => line.fields.type === 'send_refused').map((line) => line.level)).toEqual(['info', 'info']);
      expect(JSON.stringify(lines)).not.toMatch(/\+?1202200000\d/);
      expect(pair.eventsOf('sent').map((event) => event.country)).toEqual(['US', 'US']);
    });
  });

  describe('metrics', () => {
    it('counts the sends and verified codes of each country, and each episode by its reason', async () => {
      const mobiles = numbersIn('+1202200', 3);
      const register = new Registry();
      const pair = instances(await backend.open(), mobiles, { onEvent: smsOtpMetrics({ register }), tollFraud: { perPrefix: 2, conversion: false } });
      expect(await signInInTurn(pair, mobiles, (_mobile, i) => i === 0)).toEqual([200, 200, 429]);
      const text = await register.metrics();
      expect(text).toContain('sms_otp_toll_fraud_sends_total{country="US"} 2');
      expect(text).toContain('sms_otp_toll_fraud_verified_total{country="US"} 1');
      expect(text).toContain('sms_otp_toll_fraud_pauses_total{reason="prefix_velocity"} 1');
    });
  });

  describe('tollFraud: false', () => {
    it('counts no group, refuses nothing for it, says no country, and takes a store without the toll-fraud methods', async () => {
      const mobiles = numbersIn('+1202200', 25);
      const state = await backend.open();
      const pair = instances({ ...state, otpStore: storeWithFeatures(state.otpStore, []) }, mobiles, { tollFraud: false });
      expect(await signInInTurn(pair, mobiles, (_mobile, i) => i === 0)).toEqual(Array(25).fill(200));
      expect(pair.eventsOf('fraud_suspected')).toHaveLength(0);
      expect(pair.events.filter((event) => event.country !== undefined)).toEqual([]);
    });
  });

  describe('a store outage', () => {
    it('fails closed when a group cannot be counted: nothing is sent, and the sign-in sends once the store is back', async () => {
      const state = await backend.open();
      let down = true;
      const store = storeWithFeatures(state.otpStore, ['tollFraud']);
      const otpStore: OtpStore = {
        ...store,
        takeGroupSend: async (request) => {
          if (down) throw new OtpStoreUnavailableError('Redis is not connected.');
          return store.takeGroupSend!(request);
        },
      };
      const [mobile] = numbersIn('+1202200', 1);
      const pair = instances({ ...state, otpStore }, [mobile]);
      const visitor = new Visitor(pair);
      const prompt = await visitor.passFirstFactor(owner(mobile));
      expect(prompt.status).toBe(503);
      expect(pair.outbox.messages).toHaveLength(0);
      down = false;
      expect((await visitor.send(pair.b, 'get', '/login/sms')).status).toBe(200);
      expect(pair.outbox.messages).toHaveLength(1);
    });

    it('signs in when the count of a right code is lost, and logs it as a warning', async () => {
      const state = await backend.open();
      const { logger, lines } = recordingLogger();
      const otpStore: OtpStore = {
        ...storeWithFeatures(state.otpStore, ['tollFraud']),
        groupVerified: async () => {
          throw new OtpStoreUnavailableError('Redis is not connected.');
        },
      };
      const [mobile] = numbersIn('+1202200', 1);
      const pair = instances({ ...state, otpStore }, [mobile], { logger });
      expect(await signInInTurn(pair, [mobile], () => true)).toEqual([200]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(lines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([
        'sms-otp: the store did not count a verified code for the toll-fraud conversion rate',
      ]);
    });
  });
});
