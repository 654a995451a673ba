// An older copy of the session (a replica that lags, a backup restored) posting issue 19's and 20's
// actions after the sign-in it holds has ended: each is refused, and nothing is consumed, sent or saved.
import type session from 'express-session';
import { backends, type SharedState } from './support/backends';
import { RecoveryBook } from './support/recoveryBook';
import { alice } from './support/testApp';
import { closeAllInstances, TwoInstances } from './support/twoInstances';
import { VIEW_JSON } from './support/viewJson';

afterAll(() => closeAllInstances());

const CODES = ['WXYZ-KMNP-2345-6789', 'ABCD-EFGH-JKLM-NPQR'];

/** The session id in a `connect.sid=s%3A<id>.<signature>` cookie. */
function sessionId(cookie: string): string {
  const value = decodeURIComponent(cookie.replace(/^connect\.sid=/, ''));
  return value.slice(2, value.lastIndexOf('.'));
}

const read = (store: session.Store, sid: string) => new Promise<session.SessionData>((resolve, reject) => store.get(sid, (err, data) => (err || !data ? reject(err ?? new Error('no session')) : resolve(data))));
const write = (store: session.Store, sid: string, data: session.SessionData) => new Promise<void>((resolve, reject) => store.set(sid, data, (err) => (err ? reject(err) : resolve())));

/** A pending sign-in whose session is copied before `finish` ends it, then written back under its old id. */
async function olderCopyAfter(state: SharedState, finish: (pair: TwoInstances) => Promise<void>) {
  const book = new RecoveryBook();
  book.seed(alice.id, CODES);
  const pair = new TwoInstances(state, { view: VIEW_JSON, recoveryCodes: book.options(), voice: true });
  await pair.passFirstFactor();
  const oldCookie = pair.cookie;
  const older = await read(state.sessionStore, sessionId(oldCookie));
  await finish(pair);
  expect((await pair.send(pair.a, 'get', '/whoami')).body.authenticated).toBe(true);
  pair.now += 31_000;
  /** Posts `form` with the older copy, written back under its old id first (each refusal drops the copy's verification). */
  const replay = async (form: Record<string, string>) => {
    await write(state.sessionStore, sessionId(oldCookie), older);
    return pair.send(pair.b, 'post', '/login/sms', form, oldCookie);
  };
  return { pair, book, replay, texts: pair.outbox.messages.length, consumed: book.consumed.length };
}

describe.each(backends('olderSession'))('an older copy of the session, with the $name backend', (backend) => {
  afterAll(() => backend.close());

  it('after an SMS code signed in: a recovery code, a call and a resend from it are refused, consuming and sending nothing', async () => {
    const { pair, book, replay, texts, consumed } = await olderCopyAfter(await backend.open(), async (p) => {
      expect((await p.send(p.a, 'post', '/login/sms', { code: p.outbox.latestCode() })).headers.location).toBe('/account');
    });
    expect((await replay({ recoveryCode: CODES[0] })).status).toBe(401);
    expect(book.consumed).toHaveLength(consumed);
    expect(book.left(alice.id)).toBe(2);
    for (const action of ['call', 'resend']) expect((await replay({ [action]: '1' })).headers.location).toBe('/login');
    expect(pair.outbox.messages).toHaveLength(texts);
  });

  it('after a recovery code signed in: the SMS code, another recovery code and a call from it are refused', async () => {
    const { pair, book, replay, texts, consumed } = await olderCopyAfter(await backend.open(), async (p) => {
      expect((await p.send(p.a, 'post', '/login/sms', { recoveryCode: CODES[1] })).headers.location).toBe('/account');
    });
    const smsCode = pair.outbox.messages.map((message) => message.body).find((body) => /is \d+\./.test(body)) ?? '';
    expect((await replay({ code: pair.outbox.codeIn(smsCode) })).status).toBe(401);
    expect((await replay({ recoveryCode: CODES[0] })).status).toBe(401);
    expect(book.consumed).toHaveLength(consumed);
    expect((await replay({ call: '1' })).headers.location).toBe('/login');
    expect(pair.outbox.messages).toHaveLength(texts);
    expect(pair.eventsOf('verified')).toHaveLength(0);
  });
});
