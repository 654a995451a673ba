import {
  buildExampleApp,
  codeIn,
  createRecoveryCodes,
  csrfTokenIn,
  manualClock,
  openRecoveryForm,
  passPasswordAs,
  recoveryCodesIn,
  signInAlice,
  signInWithRecoveryCode,
  signOut,
  wrongCodeFor,
} from './support/exampleApp';
import { expectValidHtml } from './support/exampleHtml';

/** The example app with a strategy clock the test moves, and alice signed in through her code. */
async function aliceSignedIn() {
  const clock = manualClock();
  const example = await buildExampleApp({ smsOtp: { clock: clock.now } });
  const { agent } = await signInAlice(example);
  return { example, agent, clock };
}

/** The codes of a new set alice created, after which she signed out. */
async function aliceWithCodes(overrides: Parameters<typeof buildExampleApp>[0] = {}) {
  const example = await buildExampleApp(overrides);
  const { agent } = await signInAlice(example);
  const codes = recoveryCodesIn((await createRecoveryCodes(agent)).page.text);
  await signOut(agent);
  return { example, codes };
}

/** A hold after 10 wrong codes in a row, all on one code: no lock to wait out first. */
const HOLD_AFTER_TEN = { smsOtp: { maxAttempts: 20, lockout: { maxFailures: 10, maxConsecutiveFailures: 10 } } };

/** Passes alice's password and sends 10 wrong codes: she is held; answers the agent and the page she gets then. */
async function holdAlice(example: Awaited<ReturnType<typeof buildExampleApp>>) {
  const { agent, page: prompt } = await passPasswordAs(example, 'alice');
  const wrong = wrongCodeFor(codeIn(example.inbox?.messages[0]?.body ?? ''));
  for (let i = 0; i < 10; i += 1) await agent.post('/login/sms').type('form').send({ _csrf: csrfTokenIn(prompt.text), code: wrong }).expect(302);
  return { agent, held: await agent.get('/login/sms').expect(423) };
}

/** A code as someone might type it off paper: lower case, spaces for the dashes. */
function typedLoosely(code: string): string {
  return code.toLowerCase().replace(/-/g, ' ');
}

describe('the example app: recovery codes over HTTP', () => {
  it('starts alice with no recovery codes: the security page says so and links to the creation page, and her prompt offers none', async () => {
    const { example, agent } = await aliceSignedIn();
    const page = await agent.get('/account/security').expect(200);
    expect(page.text).toContain('No recovery codes yet');
    expect(page.text).toContain('<a class="button" href="/account/security/recovery-codes">Create new recovery codes</a>');
    await expectValidHtml(page.text);

    await signOut(agent);
    const { page: prompt } = await passPasswordAs(example, 'alice');
    expect(prompt.text).not.toContain('Use a recovery code');
  });

  it('offers a new set on a valid form whose post needs the CSRF token', async () => {
    const { agent } = await aliceSignedIn();
    const offer = await agent.get('/account/security/recovery-codes').expect(200);
    expect(offer.text).toContain('<h1>Create new recovery codes</h1>');
    expect(offer.text).toContain('<button type="submit" class="button button-primary">Create new recovery codes</button>');
    expect(offer.text).toContain('<a href="/account/security">Back to security</a>');
    await expectValidHtml(offer.text);

    const token = /name="recoveryCodesToken" value="([^"]+)"/.exec(offer.text)?.[1];
    await agent.post('/account/security/recovery-codes').type('form').send({ recoveryCodesToken: token }).expect(403);
    expect((await agent.get('/account/security').expect(200)).text).toContain('No recovery codes yet');
  });

  it('shows a new set once, with its download and Done, texts the number on file, and counts it on the security page', async () => {
    const { example, agent } = await aliceSignedIn();
    const { page, form } = await createRecoveryCodes(agent);
    const codes = recoveryCodesIn(page.text);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(page.text).toContain('<h1>Your recovery codes</h1>');
    const download = /<a class="button" href="(data:text\/plain;charset=utf-8,[^"]+)" download="recovery-codes.txt">Download as text<\/a>/.exec(page.text)?.[1];
    expect(decodeURIComponent(download?.replace(/^data:text\/plain;charset=utf-8,/, '') ?? '')).toBe(`Recovery codes for Example App\n\n${codes.join('\n')}\n`);
    expect(page.text).toContain('<a class="button button-primary" href="/account/security">Done</a>');
    expect(page.headers['cache-control']).toContain('no-store');
    await expectValidHtml(page.text);

    expect(example.inbox?.messages[0]).toMatchObject({ to: '+15555550100', body: 'New recovery codes were created for Example App. If this was not you, contact support.' });
    expect((await agent.get('/account/security').expect(200)).text).toContain('10 recovery codes left');

    // A reload of the page of codes posts the same form again: no codes, and no new set.
    const reload = await agent.post('/account/security/recovery-codes').type('form').send(form).expect(409);
    expect(recoveryCodesIn(reload.text)).toEqual([]);
    expect(reload.text).toContain('Those recovery codes were shown once and are not shown again.');
    expect(example.inbox?.messages).toHaveLength(2);
  });

  it('asks for a fresh code before a new set once the last one is five minutes old, then returns to the form', async () => {
    const { example, agent, clock } = await aliceSignedIn();
    clock.advanceSeconds(300);
    await agent.get('/account/security/recovery-codes').expect(303).expect('Location', '/login/sms');
    const prompt = await agent.get('/login/sms').expect(200);
    expect(prompt.text).toContain('<p class="step">Confirm it&#39;s you</p>');
    const code = codeIn(example.inbox?.messages[0]?.body ?? '');
    await agent.post('/login/sms').type('form').send({ _csrf: csrfTokenIn(prompt.text), code }).expect(303).expect('Location', '/account/security/recovery-codes');
    expect(recoveryCodesIn((await createRecoveryCodes(agent)).page.text)).toHaveLength(10);
  });

  it('signs alice in with one code typed in lower case with spaces, texts the notice, and leaves 9', async () => {
    const { example, codes } = await aliceWithCodes();
    const { page: prompt } = await passPasswordAs(example, 'alice');
    expect(prompt.text).toContain('<a href="/login/sms?recovery">Can&#39;t use your phone? Use a recovery code</a>');

    const { agent, response } = await signInWithRecoveryCode(example, typedLoosely(codes[3]));
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/account');
    expect(example.inbox?.messages[0]).toMatchObject({
      to: '+15555550100',
      body: 'A recovery code was used to sign in to Example App. 9 codes are left. If this was not you, contact support.',
    });
    const account = await agent.get('/account').expect(200);
    expect(account.text).not.toContain('alert-warning');
    // A recovery code is a recent code, as the text's is: the security page opens at once.
    expect((await agent.get('/account/security').expect(200)).text).toContain('9 recovery codes left');
  });

  it('shows the recovery form on a valid page, and keeps it after a wrong code with its message', async () => {
    const { example, codes } = await aliceWithCodes();
    const { agent } = await passPasswordAs(example, 'alice');
    const form = await agent.get('/login/sms?recovery').expect(200);
    expect(form.text).toContain('<p class="step">Step 2 of 2 · Recovery code</p>');
    expect(form.text).toContain('<label for="sms-otp-recovery-code">Recovery code</label>');
    expect(form.text).toContain('name="recoveryCode"');
    expect(form.text).toContain('<button type="submit" class="button button-primary">Use this code</button>');
    expect(form.text).toContain('<a href="/login/sms?sms">');
    await expectValidHtml(form.text);

    const wrong = codes[0].replace(/^./, (first) => (first === '2' ? '3' : '2'));
    await agent.post('/login/sms?recovery').type('form').send({ _csrf: csrfTokenIn(form.text), recoveryCode: wrong }).expect(302).expect('Location', '/login/sms');
    const again = await agent.get('/login/sms').expect(200);
    expect(again.text).toContain('That recovery code is not correct, or it was used already.');
    expect(again.text).toContain('name="recoveryCode"');
    await expectValidHtml(again.text);
  });

  it('lets a code in once: a second sign-in with it is refused', async () => {
    const { example, codes } = await aliceWithCodes();
    expect((await signInWithRecoveryCode(example, codes[0])).response.headers.location).toBe('/account');
    const { agent, response } = await signInWithRecoveryCode(example, codes[0]);
    expect(response.headers.location).toBe('/login/sms');
    expect((await agent.get('/login/sms').expect(200)).text).toContain('That recovery code is not correct, or it was used already.');
    await agent.get('/account').expect(302).expect('Location', '/login');
  });

  it('signs in exactly one of two sign-ins that send the same code at once (the directory consumes it once)', async () => {
    const { example, codes } = await aliceWithCodes();
    const forms = await Promise.all([openRecoveryForm(example), openRecoveryForm(example)]);
    const answers = await Promise.all(forms.map((form) => form.send(codes[0])));
    expect(answers.map((answer) => answer.headers.location).sort()).toEqual(['/account', '/login/sms']);
    const winner = forms[answers.findIndex((answer) => answer.headers.location === '/account')];
    expect((await winner.agent.get('/account/security').expect(200)).text).toContain('9 recovery codes left');
  });

  it('tells alice on her account page to create new codes once 3 or fewer are left', async () => {
    const { example, codes } = await aliceWithCodes();
    for (const code of codes.slice(0, 6)) expect((await signInWithRecoveryCode(example, code)).response.headers.location).toBe('/account');
    const { agent } = await signInWithRecoveryCode(example, codes[6]);
    const account = await agent.get('/account').expect(200);
    expect(account.text).toContain('<p class="alert alert-warning" role="status">You have 3 recovery codes left. Create new ones on your security page.</p>');
    await expectValidHtml(account.text);
    expect((await agent.get('/account').expect(200)).text).not.toContain('alert-warning');
  });

  it('gets a held alice in with a recovery code, and releases the hold: her next sign-in texts a code again', async () => {
    const { example, codes } = await aliceWithCodes(HOLD_AFTER_TEN);
    const { agent, held } = await holdAlice(example);
    expect(held.text).toContain('<h1>Too many wrong codes</h1>');
    expect(held.text).toContain('<p class="recovery-way"><a href="/login/sms?recovery">Can&#39;t use your phone? Use a recovery code</a></p>');
    await expectValidHtml(held.text);
    const texts = example.inbox?.messages.length;

    const form = await agent.get('/login/sms?recovery').expect(200);
    expect(form.text).not.toContain('?sms');
    await agent.post('/login/sms?recovery').type('form').send({ _csrf: csrfTokenIn(form.text), recoveryCode: codes[0] }).expect(302).expect('Location', '/account');
    expect(example.inbox?.messages).toHaveLength((texts ?? 0) + 1);
    await signOut(agent);
    const { page: next } = await passPasswordAs(example, 'alice');
    expect(next.text).toContain('<label for="sms-otp-code">');
    expect(example.inbox?.messages[0]?.body).toMatch(/is \d{6}\./);
  });

  it('shows a held alice without recovery codes where to get help, on a valid page', async () => {
    const example = await buildExampleApp(HOLD_AFTER_TEN);
    const { held } = await holdAlice(example);
    expect(held.text).toContain('<p class="recovery-way">You have no recovery codes. Please contact support to get back into your account.</p>');
    expect(held.text).not.toContain('?recovery');
    await expectValidHtml(held.text);
  });
});
