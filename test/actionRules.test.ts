// Issue 16's rule table (with issue 19's recovery codes), cell by cell: every kind of verification, at each of its stages, given
// each action (and pairs of them) through a listening server. An accepted request does what its
// action does; any other is a 400 that sends, counts and saves nothing, which the flow proves by
// going on exactly as if the request had never come.
import type { Response } from 'supertest';
import type { SmsOtpOptions } from '../lib';
import { memoryBackend, nodeRedisBackend, type Backend } from './support/backends';
import { RecoveryBook } from './support/recoveryBook';
import { alice, bob, type TestUser } from './support/testApp';
import { closeAllInstances, TwoInstances, wrongCode } from './support/twoInstances';

/** A posted action: the form fields of issues 16, 19 and 20 (`remember` is a modifier of `code`). */
type Action = 'code' | 'resend' | 'call' | 'mobile' | 'changeMobile' | 'remember' | 'recoveryCode';

/**
 * The rule table: what each kind of verification accepts at each of its stages. Every action of a
 * request must be listed for it to run; `remember` counts only together with `code`.
 */
const RULES = {
  sign_in: {
    'before the first code': ['code', 'resend', 'call', 'remember', 'recoveryCode'],
    'after a code': ['code', 'resend', 'call', 'remember', 'recoveryCode'],
    'after a resend': ['code', 'resend', 'call', 'remember', 'recoveryCode'],
  },
  enroll: {
    'at the number form': ['mobile', 'recoveryCode'],
    'back at the number form': ['mobile', 'recoveryCode'],
    'after a number was chosen': ['code', 'resend', 'changeMobile', 'remember', 'recoveryCode'],
    'after a resend': ['code', 'resend', 'changeMobile', 'remember', 'recoveryCode'],
  },
  change_mobile: {
    'at the number form': ['mobile'],
    'back at the number form': ['mobile'],
    'after a number was chosen': ['code', 'resend', 'changeMobile'],
    'after a resend': ['code', 'resend', 'changeMobile'],
  },
  step_up: {
    'before the first code': ['code', 'resend', 'call', 'recoveryCode'],
    'after a code': ['code', 'resend', 'call', 'recoveryCode'],
    'after a resend': ['code', 'resend', 'call', 'recoveryCode'],
  },
} as const satisfies Record<string, Record<string, readonly Action[]>>;

/** When one form posts several accepted actions, the first of these runs. */
const PRECEDENCE: readonly Action[] = ['resend', 'call', 'changeMobile', 'mobile', 'code', 'recoveryCode'];

/** What a test posts: single actions, and pairs one form could carry. */
const POSTS: readonly { name: string; actions: readonly Action[]; wrong?: true }[] = [
  { name: 'the right code', actions: ['code'] },
  { name: 'a wrong code', actions: ['code'], wrong: true },
  { name: 'resend', actions: ['resend'] },
  { name: 'a new number', actions: ['mobile'] },
  { name: '"use a different number"', actions: ['changeMobile'] },
  { name: 'remember with the right code', actions: ['code', 'remember'] },
  { name: 'remember alone', actions: ['remember'] },
  { name: 'a code and a new number', actions: ['code', 'mobile'] },
  { name: 'resend and a new number', actions: ['resend', 'mobile'] },
  { name: 'a code and "use a different number"', actions: ['code', 'changeMobile'] },
  { name: 'a code and resend', actions: ['code', 'resend'] },
  { name: '"call me instead"', actions: ['call'] },
  { name: 'a call and a new number', actions: ['call', 'mobile'] },
  { name: 'a recovery code', actions: ['recoveryCode'] },
  { name: 'a wrong recovery code', actions: ['recoveryCode'], wrong: true },
  { name: 'remember with a recovery code', actions: ['recoveryCode', 'remember'] },
  { name: 'a code and a recovery code', actions: ['code', 'recoveryCode'] },
];

/** Alice's and Bob's recovery code, and one that is nobody's. */
const RECOVERY_CODE = 'RRRR-SSSS-TTTT-UUUU';
const WRONG_RECOVERY_CODE = 'WWWW-XXXX-YYYY-ZZZZ';

type Kind = keyof typeof RULES;
type Stage = { [K in Kind]: keyof (typeof RULES)[K] }[Kind];

const REFUSED = 'This page cannot do that. Please use the form on the page.';
/** The number a request posts, and as the flow texts it. */
const NEW_NUMBER = { typed: '+1 201 555 0188', e164: '+12015550188' };

/** Who each kind verifies, on which page, and the number its codes go to once it has one. */
const FLOWS: Readonly<Record<Kind, { title: string; page: string; user: TestUser; chosen?: string; recipient: string; heading?: string }>> = {
  sign_in: { title: 'a sign-in', page: '/login/sms', user: alice, recipient: '+12015550123' },
  enroll: { title: 'an enrollment', page: '/login/sms', user: bob, chosen: '+1 201 555 0144', recipient: '+12015550144', heading: 'Add your mobile number' },
  change_mobile: { title: 'a change of number', page: '/account/mobile', user: alice, chosen: '+1 201 555 0177', recipient: '+12015550177', heading: 'Change your mobile number' },
  step_up: { title: 'a step-up', page: '/login/sms', user: alice, recipient: '+12015550123' },
};

function allowedIn(kind: Kind, stage: Stage): readonly Action[] {
  return (RULES[kind] as Readonly<Record<string, readonly Action[]>>)[stage];
}

function accepts(kind: Kind, stage: Stage, actions: readonly Action[]): boolean {
  const allowed = allowedIn(kind, stage);
  return actions.every((action) => allowed.includes(action)) && (!actions.includes('remember') || actions.includes('code'));
}

const atNumberForm = (stage: Stage) => stage === 'at the number form' || stage === 'back at the number form';
/** A code of this verification went out (it may since have been dropped with its number). */
const codeWasSent = (stage: Stage) => stage !== 'before the first code' && stage !== 'at the number form';

/** One verification brought to one stage, on instance A of a fresh pair sharing fresh stores. */
interface Scenario {
  readonly pair: TwoInstances;
  readonly kind: Kind;
  readonly stage: Stage;
  readonly user: TestUser;
  readonly saved: { userId: string; mobile: string }[];
  readonly book: RecoveryBook;
}

async function reach(backend: Backend, kind: Kind, stage: Stage): Promise<Scenario> {
  const users = [{ ...alice }, { ...bob }];
  const saved: Scenario['saved'] = [];
  const saveMobile = (user: unknown, mobile: string) => {
    saved.push({ userId: (user as TestUser).id, mobile });
    (user as TestUser).mobile = mobile;
  };
  // Two wrong codes lock the user out: one counted by a refused request would show on the next.
  const book = new RecoveryBook();
  for (const user of users) book.seed(user.id, [RECOVERY_CODE]);
  const strategy: SmsOtpOptions = { phoneValidation: 'possible', rememberDevice: {}, enrollment: { saveMobile }, lockout: { maxFailures: 2 }, recoveryCodes: book.options(), voice: true };
  const pair = new TwoInstances(await backend.open(), strategy, { users, verifyOptions: { successRedirect: '/account', failureMessage: true } });
  const flow = FLOWS[kind];
  const post = (path: string, form: Record<string, string>) => pair.send(pair.a, 'post', path, form);
  if (kind === 'sign_in' || kind === 'enroll') {
    expect((await post('/login', { username: flow.user.username, password: flow.user.password })).status).toBe(303);
  } else {
    await pair.passFirstFactor(alice);
    expect((await post('/login/sms', { code: pair.outbox.latestCode() })).headers.location).toBe('/account');
  }
  if (kind === 'step_up') {
    pair.now += 300_000;
    expect((await pair.send(pair.a, 'get', '/security')).headers.location).toBe('/login/sms');
  }
  if (stage !== 'before the first code') expect((await pair.send(pair.a, 'get', flow.page)).status).toBe(200);
  if (flow.chosen && stage !== 'at the number form') expect((await post(flow.page, { mobile: flow.chosen })).status).toBe(303);
  if (stage === 'back at the number form') {
    expect((await post(flow.page, { changeMobile: '1' })).status).toBe(303);
    expect((await pair.send(pair.a, 'get', flow.page)).text).toContain(flow.heading);
  }
  if (stage === 'after a resend') {
    pair.now += 31_000;
    expect((await post(flow.page, { resend: '1' })).status).toBe(303);
  }
  // Past the cooldown: wherever a text may go out, it may go out now.
  pair.now += 31_000;
  return { pair, kind, stage, user: users.find((user) => user.id === flow.user.id) as TestUser, saved, book };
}

/** A request of the browser through instance B, and what it sent and left for the next page. */
async function postThroughB(scenario: Scenario, form: Record<string, string>) {
  const { pair } = scenario;
  const before = pair.outbox.messages.length;
  const response = await pair.send(pair.b, 'post', FLOWS[scenario.kind].page, form);
  const sent = pair.outbox.messages.slice(before).map((message) => message.to);
  const messages = (await pair.send(pair.b, 'get', '/session-messages')).body as string[];
  return { response, sent, messages, shown: [response.text, ...messages].join('\n') };
}

function deviceCookie(response: Response): boolean {
  return ([] as string[]).concat(response.headers['set-cookie'] ?? []).some((cookie) => cookie.startsWith('sms_otp_device='));
}

/** The right code of this verification did what it is for: signed in, passed, or saved the number. */
function expectVerified(scenario: Scenario, response: Response, number: string): void {
  const { kind, user } = scenario;
  const expected = {
    sign_in: { status: 302, location: '/account', saved: [] },
    enroll: { status: 302, location: '/account', saved: [{ userId: user.id, mobile: number }] },
    change_mobile: { status: 303, location: '/account', saved: [{ userId: user.id, mobile: number }] },
    step_up: { status: 303, location: '/security', saved: [] },
  }[kind];
  expect({ status: response.status, location: response.headers.location, saved: scenario.saved }).toEqual(expected);
}

/** An accepted request did what its winning action does, and was not refused. */
async function expectAccepted(scenario: Scenario, post: (typeof POSTS)[number], code: string) {
  const { kind, stage, pair } = scenario;
  const flow = FLOWS[kind];
  const { response, sent, shown } = await postThroughB(scenario, formOf(post, code));
  expect(shown).not.toContain(REFUSED);
  const winner = PRECEDENCE.find((action) => post.actions.includes(action));
  const redirect = { status: response.status, location: response.headers.location, sent };
  if (winner === 'resend' || winner === 'call') expect(redirect).toEqual({ status: 303, location: flow.page, sent: [flow.recipient] });
  if (winner === 'call') expect(pair.outbox.messages.at(-1)?.channel).toBe('voice');
  if (winner === 'mobile') expect(redirect).toEqual({ status: 303, location: flow.page, sent: [NEW_NUMBER.e164] });
  if (winner === 'changeMobile') {
    expect(redirect).toEqual({ status: 303, location: flow.page, sent: [] });
    expect((await pair.send(pair.b, 'get', flow.page)).text).toContain(flow.heading);
  }
  if (winner === 'recoveryCode') return expectRecoveryCodeTaken(scenario, post, response, sent, shown);
  if (winner === 'code' && codeWasSent(stage) && !post.wrong) {
    expectVerified(scenario, response, flow.recipient);
    expect(deviceCookie(response)).toBe(post.actions.includes('remember'));
    // Only a change of number texts: the notice to the old number.
    expect(sent).toEqual(kind === 'change_mobile' ? [FLOWS.sign_in.recipient] : []);
    return;
  }
  expect(scenario.saved).toEqual([]);
  if (winner !== 'code') return;
  expect(sent).toEqual([]);
  expect(response.status).not.toBe(400);
  expect(shown).toContain(codeWasSent(stage) ? 'That code is not correct. 4 attempts left.' : 'No code has been sent yet.');
}

/**
 * A recovery code was taken: a right one verifies (signs in, or passes the step-up) without saving
 * any number, and the number on file (if any) is told; a wrong one is only refused as wrong.
 */
function expectRecoveryCodeTaken(scenario: Scenario, post: (typeof POSTS)[number], response: Response, sent: readonly string[], shown: string) {
  const { kind, book, user } = scenario;
  expect(scenario.saved).toEqual([]);
  if (post.wrong) {
    expect({ status: response.status, sent, left: book.left(user.id) }).toEqual({ status: 401, sent: [], left: 1 });
    expect(shown).toContain('That recovery code is not correct, or it was used already.');
    return;
  }
  const expected = kind === 'step_up' ? { status: 303, location: '/security' } : { status: 302, location: '/account' };
  expect({ status: response.status, location: response.headers.location, left: book.left(user.id) }).toEqual({ ...expected, left: 0 });
  expect(deviceCookie(response)).toBe(false);
  // Bob has no number on file (the one he is enrolling is not his yet): only Alice's number is told.
  expect(sent).toEqual(user.id === alice.id ? [FLOWS.sign_in.recipient] : []);
}

/** A refused request: a 400 with the message, no text, nothing saved; then the flow goes on as if it never came. */
async function expectRefused(scenario: Scenario, post: (typeof POSTS)[number], code: string) {
  const { kind, stage, user } = scenario;
  const flow = FLOWS[kind];
  const mobileBefore = user.mobile;
  const { response, sent, messages } = await postThroughB(scenario, formOf(post, code));
  // The strategy's route fails through Passport (the message goes to session.messages); the change page answers a page.
  const refusalShown = flow.page === '/login/sms' ? messages.includes(REFUSED) : response.text.includes(REFUSED);
  expect({ status: response.status, refusalShown, sent, saved: scenario.saved, mobile: user.mobile, consumed: scenario.book.consumed }).toEqual({
    status: 400,
    refusalShown: true,
    sent: [],
    saved: [],
    mobile: mobileBefore,
    consumed: [],
  });
  if (kind === 'change_mobile') {
    expect(response.type).toBe('text/html');
    expect(response.text).toContain(atNumberForm(stage) ? 'name="mobile"' : 'name="code"');
  }
  await expectUntouched(scenario);
}

/** The stage is as it was: the same form, the same attempts left, a text still possible, and the right code still works. */
async function expectUntouched(scenario: Scenario) {
  const { pair, kind, stage } = scenario;
  const flow = FLOWS[kind];
  const texts = () => pair.outbox.messages.map((message) => message.to);
  const before = texts();
  const page = await pair.send(pair.b, 'get', flow.page);
  expect(page.status).toBe(200);
  if (atNumberForm(stage)) {
    expect(page.text).toContain(flow.heading);
    expect(texts()).toEqual(before);
    expect((await pair.send(pair.b, 'post', flow.page, { mobile: NEW_NUMBER.typed })).status).toBe(303);
    expect(texts()).toEqual([...before, NEW_NUMBER.e164]);
    expect((await pair.send(pair.b, 'get', flow.page)).text).toContain('5 attempts left.');
    await expectFirstWrongCode(scenario);
    return expectVerified(scenario, await pair.send(pair.b, 'post', flow.page, { code: pair.outbox.latestCode() }), NEW_NUMBER.e164);
  }
  expect(page.text).toContain('5 attempts left.');
  // A first visit sends the first code; once a code went out, a visit sends nothing.
  const firstCode = stage === 'before the first code' ? [flow.recipient] : [];
  expect(texts()).toEqual([...before, ...firstCode]);
  await expectFirstWrongCode(scenario);
  if (firstCode.length > 0) pair.now += 31_000;
  expect((await pair.send(pair.b, 'post', flow.page, { resend: '1' })).status).toBe(303);
  expect(texts()).toEqual([...before, ...firstCode, flow.recipient]);
  expectVerified(scenario, await pair.send(pair.b, 'post', flow.page, { code: pair.outbox.latestCode() }), flow.recipient);
}

/** A wrong code now is the first one counted, of this code's attempts and of the lockout. */
async function expectFirstWrongCode(scenario: Scenario) {
  const { pair } = scenario;
  const { shown } = await postThroughB(scenario, { code: wrongCode(pair.outbox.latestCode()) });
  expect(shown).toContain('That code is not correct. 4 attempts left.');
}

function formOf(post: (typeof POSTS)[number], code: string): Record<string, string> {
  const values: Record<Action, string> = {
    code: post.wrong ? wrongCode(code) : code,
    resend: '1',
    mobile: NEW_NUMBER.typed,
    changeMobile: '1',
    remember: '1',
    call: '1',
    recoveryCode: post.wrong ? WRONG_RECOVERY_CODE : RECOVERY_CODE,
  };
  return Object.fromEntries(post.actions.map((action) => [action, values[action]]));
}

afterEach(() => closeAllInstances());

describe.each([memoryBackend(), nodeRedisBackend('actionRules')])('with the $name backend', (backend) => {
  afterAll(() => backend.close());

  describe.each((Object.keys(RULES) as Kind[]).map((kind) => [FLOWS[kind].title, kind] as const))('%s (%s)', (_title, kind) => {
    describe.each(Object.keys(RULES[kind]) as Stage[])('%s', (stage) => {
      for (const post of POSTS) {
        const accepted = accepts(kind, stage, post.actions);
        it(accepted ? `takes ${post.name}` : `refuses ${post.name}, sending, counting and saving nothing`, async () => {
          const scenario = await reach(backend, kind, stage);
          // Before any code of this verification, "the right code" is one of the right shape that cannot be right.
          const code = codeWasSent(stage) ? scenario.pair.outbox.latestCode() : '123456';
          await (accepted ? expectAccepted : expectRefused)(scenario, post, code);
        });
      }
    });
  });
});
