import { createHmac } from 'node:crypto';
import { backends } from './support/backends';
import { RecoveryBook } from './support/recoveryBook';
import { alice, bob, RECOVERY_CODES_PAGE, TEST_SECRET } from './support/testApp';
import { closeAllInstances, TwoInstances, wrongCode } from './support/twoInstances';
import { shownView, VIEW_JSON } from './support/viewJson';

afterAll(() => closeAllInstances());

/** Alice's codes, as a user would have written them down. */
const ALICE_CODES = ['ABCD-EFGH-JKLM-NPQR', 'STUV-WXYZ-2345-6789', '2222-3333-4444-5555', 'ZZZZ-YYYY-XXXX-WWWW'];

/** Two instances with recovery codes over one backend, alice holding ALICE_CODES. */
async function instances(state: Parameters<typeof TwoInstances.prototype.constructor>[0], extra: ConstructorParameters<typeof TwoInstances>[1] = {}, book = new RecoveryBook()) {
  book.seed(alice.id, ALICE_CODES);
  const pair = new TwoInstances(state, { view: VIEW_JSON, recoveryCodes: book.options(), ...extra });
  return { pair, book };
}

describe.each(backends('recoveryCodes'))('recovery codes, with the $name backend across two instances', (backend) => {
  afterAll(() => backend.close());

  it('offers the recovery form from the prompt, and signs in with a code typed in any case, with spaces for dashes', async () => {
    const { pair, book } = await instances(await backend.open());
    const prompt = shownView(await pair.passFirstFactor());
    expect(prompt.state).toBe('prompt');
    expect(prompt.recoveryUrl).toBe('/login/sms?recovery');
    const form = shownView(await pair.send(pair.b, 'get', '/login/sms?recovery'));
    expect(form).toMatchObject({ state: 'recovery', status: 200, codeUrl: '/login/sms?sms' });
    const signedIn = await pair.send(pair.b, 'post', '/login/sms?recovery', { recoveryCode: 'abcd efgh jklm npqr' });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.location).toBe('/account');
    expect((await pair.send(pair.a, 'get', '/whoami')).body).toEqual({ authenticated: true, user: 'alice' });
    expect(book.left(alice.id)).toBe(3);
    expect(pair.eventsOf('recovery_code_used').map((event) => event.codesLeft)).toEqual([3]);
  });

  it('signs in exactly once when one code is submitted 10 times in parallel, and the code works once', async () => {
    const { pair, book } = await instances(await backend.open());
    await pair.passFirstFactor();
    const submits = await Promise.all(Array.from({ length: 10 }, (_, i) => pair.send(i % 2 ? pair.a : pair.b, 'post', '/login/sms', { recoveryCode: ALICE_CODES[0] })));
    expect(submits.filter((submit) => submit.status === 302 && submit.headers.location === '/account')).toHaveLength(1);
    expect(pair.eventsOf('recovery_code_used')).toHaveLength(1);
    expect(book.left(alice.id)).toBe(3);
    // A copy that reached the app's table after the winner found the code gone: told it is wrong, as it is now.
    const lateCopies = pair.eventsOf('failed', 'wrong_recovery_code').length;
    await pair.send(pair.a, 'post', '/logout');
    await pair.passFirstFactor();
    const again = await pair.send(pair.a, 'post', '/login/sms', { recoveryCode: ALICE_CODES[0] });
    expect(again.status).toBe(401);
    expect(pair.eventsOf('failed', 'wrong_recovery_code')).toHaveLength(lateCopies + 1);
    expect((await pair.send(pair.a, 'get', '/whoami')).body.authenticated).toBe(false);
  });

  it('stops wrong recovery codes at their own limit, under parallel submits, and leaves the SMS failure count alone', async () => {
    const book = new RecoveryBook();
    const { pair } = await instances(await backend.open(), { recoveryCodes: book.options({ maxFailures: 4, windowSeconds: 600 }), lockout: { maxFailures: 3 } }, book);
    await pair.passFirstFactor();
    const wrong = await Promise.all(Array.from({ length: 12 }, (_, i) => pair.send(i % 2 ? pair.a : pair.b, 'post', '/login/sms', { recoveryCode: `QQQQ-QQQQ-QQQQ-QQ${'23456789ABCD'[i]}Q` })));
    expect(book.consumed).toHaveLength(4);
    expect(wrong.filter((response) => response.status === 401)).toHaveLength(4);
    expect(wrong.filter((response) => response.status === 429)).toHaveLength(8);
    expect(pair.eventsOf('failed', 'wrong_recovery_code')).toHaveLength(4);
    expect(pair.eventsOf('failed', 'recovery_limit')).toHaveLength(8);
    // Even the right one waits for the window; the SMS code still has every attempt, and no lock started.
    expect((await pair.send(pair.a, 'post', '/login/sms', { recoveryCode: ALICE_CODES[1] })).status).toBe(429);
    expect(book.left(alice.id)).toBe(4);
    expect(shownView(await pair.send(pair.b, 'get', '/login/sms?sms'))).toMatchObject({ state: 'prompt', attemptsLeft: 5 });
    expect(pair.eventsOf('locked')).toHaveLength(0);
    expect((await pair.send(pair.b, 'post', '/login/sms', { code: pair.outbox.latestCode() })).headers.location).toBe('/account');
    // Once the window is over, recovery codes can be tried again.
    await pair.send(pair.a, 'post', '/logout');
    pair.now += 601_000;
    await pair.passFirstFactor();
    expect((await pair.send(pair.a, 'post', '/login/sms', { recoveryCode: ALICE_CODES[1] })).headers.location).toBe('/account');
  });

  it('lets a locked-out user in with a recovery code, which lifts the lock', async () => {
    const { pair } = await instances(await backend.open(), { lockout: { maxFailures: 2 } });
    await pair.passFirstFactor();
    const code = pair.outbox.latestCode();
    for (let i = 0; i < 2; i += 1) await pair.send(pair.a, 'post', '/login/sms', { code: wrongCode(code) });
    const locked = shownView(await pair.send(pair.a, 'get', '/login/sms'));
    expect(locked).toMatchObject({ state: 'blocked', status: 423, recoveryUrl: '/login/sms?recovery' });
    expect((await pair.send(pair.b, 'post', '/login/sms', { recoveryCode: ALICE_CODES[2] })).headers.location).toBe('/account');
    expect(pair.eventsOf('unlocked').map((event) => event.reason)).toEqual(['lock']);
    await pair.send(pair.a, 'post', '/logout');
    expect(shownView(await pair.passFirstFactor()).state).toBe('prompt');
  });

  it('texts the number on file that a code was used and how many are left, and tells the user when 3 or fewer are left', async () => {
    const { pair } = await instances(await backend.open());
    await pair.passFirstFactor();
    await pair.send(pair.a, 'post', '/login/sms', { recoveryCode: ALICE_CODES[3] });
    const notice = pair.outbox.messages.at(-1);
    expect(notice).toEqual({ to: '+12015550123', body: 'A recovery code was used to sign in to Acme. 3 codes are left. If this was not you, contact support.' });
    expect((await pair.send(pair.a, 'get', '/session-messages')).body).toEqual(['You have 3 recovery codes left. Create new ones on your security page.']);
  });

  it('passes a step-up with a recovery code, back to the guarded page', async () => {
    const { pair } = await instances(await backend.open());
    await pair.passFirstFactor();
    await pair.send(pair.a, 'post', '/login/sms', { code: pair.outbox.latestCode() });
    pair.now += 301_000;
    const guarded = await pair.send(pair.a, 'get', '/security');
    expect(guarded.headers.location).toBe('/login/sms');
    const stepUp = shownView(await pair.send(pair.b, 'get', '/login/sms'));
    expect(stepUp).toMatchObject({ purpose: 'step_up', recoveryUrl: '/login/sms?recovery' });
    const passed = await pair.send(pair.b, 'post', '/login/sms?recovery', { recoveryCode: ALICE_CODES[0] });
    expect(passed.status).toBe(303);
    expect(passed.headers.location).toBe('/security');
    expect((await pair.send(pair.a, 'get', '/security')).text).toBe('security settings');
  });

  it('keeps the sign-in of a user without a number (enrollment off) on a recovery form, and signs them in with a code', async () => {
    const { pair, book } = await instances(await backend.open());
    book.seed(bob.id, ['BBBB-CCCC-DDDD-EEEE']);
    const page = await pair.passFirstFactor(bob);
    expect(page.status).toBe(200);
    expect(shownView(page)).toMatchObject({ state: 'recovery', notice: 'No mobile number is registered for this account.' });
    expect(shownView(page).codeUrl).toBeUndefined();
    expect(pair.outbox.messages).toHaveLength(0);
    expect((await pair.send(pair.b, 'post', '/login/sms', { recoveryCode: 'bbbbccccddddeeee' })).headers.location).toBe('/account');
    expect((await pair.send(pair.a, 'get', '/whoami')).body.user).toBe('bob');
    expect(pair.outbox.messages).toHaveLength(0);
  });

  it('shows a user without a number and without codes the help text, not a dead end', async () => {
    const { pair } = await instances(await backend.open(), { messages: { noRecoveryCodes: 'Call us at 0800 000 000.' } });
    const page = await pair.passFirstFactor(bob);
    expect(page.status).toBe(200);
    expect(shownView(page)).toMatchObject({ state: 'recovery', recoveryHelp: 'Call us at 0800 000 000.' });
    // Alice, with codes, sees no help text on her prompt, and a user without codes sees no link.
    expect(shownView(page).recoveryUrl).toBeUndefined();
  });
});

describe.each(backends('recoveryCodesCreation'))('creating recovery codes, with the $name backend', (backend) => {
  afterAll(() => backend.close());

  /** Alice signed in with her SMS code, on a pair of instances with recovery codes. */
  async function signedIn() {
    const book = new RecoveryBook();
    const pair = new TwoInstances(await backend.open(), { view: VIEW_JSON, recoveryCodes: book.options() });
    await pair.passFirstFactor();
    await pair.send(pair.a, 'post', '/login/sms', { code: pair.outbox.latestCode() });
    return { pair, book };
  }

  it('creates a set of 10 once, saves only HMACs of them, shows them once, and tells the number on file', async () => {
    const { pair, book } = await signedIn();
    const form = shownView(await pair.send(pair.b, 'get', RECOVERY_CODES_PAGE));
    expect(form).toMatchObject({ state: 'create_recovery_codes', status: 200, doneUrl: '/account' });
    const created = shownView(await pair.send(pair.a, 'post', RECOVERY_CODES_PAGE, { recoveryCodesToken: form.createToken as string }));
    expect(created.state).toBe('recovery_codes');
    const codes = created.recoveryCodes ?? [];
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    expect(new Set(codes).size).toBe(10);
    expect(decodeURIComponent((created.recoveryCodesFile ?? '').replace('data:text/plain;charset=utf-8,', ''))).toBe(`Recovery codes for Acme\n\n${codes.join('\n')}\n`);
    const [saved] = book.saved;
    expect(book.saved).toHaveLength(1);
    const plain = codes.map((code) => code.replace(/-/g, ''));
    expect(saved.hashes).toEqual(plain.map((code) => createHmac('sha256', TEST_SECRET).update('recovery-code\0').update(code).digest('hex')));
    for (const hash of saved.hashes) expect(plain.some((code) => hash.includes(code) || hash.toUpperCase().includes(code))).toBe(false);
    expect(pair.outbox.messages.at(-1)).toEqual({ to: '+12015550123', body: 'New recovery codes were created for Acme. If this was not you, contact support.' });
    expect(pair.eventsOf('recovery_codes_created').map((event) => [event.purpose, event.codesLeft])).toEqual([['account', 10]]);

    // A reload posts the same form again: no codes, and nothing saved.
    const reload = await pair.send(pair.b, 'post', RECOVERY_CODES_PAGE, { recoveryCodesToken: form.createToken as string });
    expect(reload.status).toBe(409);
    expect(shownView(reload).recoveryCodes).toBeUndefined();
    expect(book.saved).toHaveLength(1);
    expect(shownView(await pair.send(pair.b, 'get', RECOVERY_CODES_PAGE)).recoveryCodes).toBeUndefined();
  });

  it('replaces the old set with a new one', async () => {
    const { pair, book } = await signedIn();
    const first = shownView(await pair.send(pair.a, 'post', RECOVERY_CODES_PAGE, { recoveryCodesToken: shownView(await pair.send(pair.a, 'get', RECOVERY_CODES_PAGE)).createToken as string }));
    const second = shownView(await pair.send(pair.a, 'post', RECOVERY_CODES_PAGE, { recoveryCodesToken: shownView(await pair.send(pair.a, 'get', RECOVERY_CODES_PAGE)).createToken as string }));
    expect(book.left(alice.id)).toBe(10);
    await pair.send(pair.a, 'post', '/logout');
    await pair.passFirstFactor();
    await pair.send(pair.a, 'post', '/login/sms', { recoveryCode: (first.recoveryCodes ?? [])[0] });
    expect((await pair.send(pair.a, 'get', '/whoami')).body.authenticated).toBe(false);
    await pair.send(pair.a, 'post', '/login/sms', { recoveryCode: (second.recoveryCodes ?? [])[0] });
    expect((await pair.send(pair.a, 'get', '/whoami')).body.authenticated).toBe(true);
  });

  it('asks for a code first when the last one is older than maxAgeSeconds, then comes back', async () => {
    const { pair, book } = await signedIn();
    pair.now += 301_000;
    const away = await pair.send(pair.a, 'get', RECOVERY_CODES_PAGE);
    expect(away.status).toBe(303);
    expect(away.headers.location).toBe('/login/sms');
    const posted = await pair.send(pair.a, 'post', RECOVERY_CODES_PAGE, { recoveryCodesToken: 'anything' });
    expect(posted.headers.location).toBe('/login/sms');
    expect(book.saved).toHaveLength(0);
    await pair.send(pair.b, 'get', '/login/sms');
    const back = await pair.send(pair.b, 'post', '/login/sms', { code: pair.outbox.latestCode() });
    expect(back.headers.location).toBe(RECOVERY_CODES_PAGE);
    expect(shownView(await pair.send(pair.a, 'get', RECOVERY_CODES_PAGE)).state).toBe('create_recovery_codes');
  });

  it('sends a visitor who is not signed in to the login page', async () => {
    const pair = new TwoInstances(await backend.open(), { view: VIEW_JSON, recoveryCodes: new RecoveryBook().options() });
    const away = await pair.send(pair.a, 'get', RECOVERY_CODES_PAGE);
    expect(away.headers.location).toBe('/login');
  });
});
