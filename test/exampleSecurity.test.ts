import request from 'supertest';
import { buildExampleApp, codeIn, csrfTokenIn, manualClock, postPassword, signInAlice, signOut } from './support/exampleApp';
import { expectValidHtml } from './support/exampleHtml';

/** The example app with a strategy clock the test moves, and alice signed in through her code. */
async function aliceSignedIn(options: { remember?: boolean } = {}) {
  const clock = manualClock();
  const example = await buildExampleApp({ smsOtp: { clock: clock.now } });
  const { agent } = await signInAlice(example, options);
  return { example, agent, clock };
}

describe('the example app: the security page over HTTP', () => {
  it('sends a signed-out visitor to sign in', async () => {
    const { app } = await buildExampleApp();
    await request(app).get('/account/security').expect(302).expect('Location', '/login');
  });

  it('opens right after the code on a valid page: the number masked, its change, and the forget form with its CSRF field', async () => {
    const { agent } = await aliceSignedIn();
    const account = await agent.get('/account').expect(200);
    expect(account.text).toContain('<a class="button" href="/account/security">Security</a>');

    const page = await agent.get('/account/security').expect(200);
    expect(page.text).toContain('<title>Security · Example App</title>');
    expect(page.text).toContain('Codes go to <strong>•••••••0100</strong>');
    expect(page.text).toContain('<a class="button" href="/account/mobile">Change mobile number</a>');
    expect(page.text).toContain('<form method="post" action="/account/security/forget-devices">');
    expect(page.text).toContain('name="_csrf"');
    expect(page.text).toContain('more than 5 minutes old');
    await expectValidHtml(page.text);
  });

  it('confirms forgetting the remembered devices once, on a valid page', async () => {
    const { agent } = await aliceSignedIn({ remember: true });
    const page = await agent.get('/account/security').expect(200);
    await agent.post('/account/security/forget-devices').type('form').send({ _csrf: csrfTokenIn(page.text) }).expect(303).expect('Location', '/account/security');
    const confirmed = await agent.get('/account/security').expect(200);
    expect(confirmed.text).toContain('Every remembered device is forgotten: the next sign-in on any of them asks for a code.');
    await expectValidHtml(confirmed.text);
    expect((await agent.get('/account/security').expect(200)).text).not.toContain('Every remembered device is forgotten');
  });

  it('asks for a new code once the last one is five minutes old, keeping alice signed in, then returns to the page', async () => {
    const { example, agent, clock } = await aliceSignedIn();
    clock.advanceSeconds(299);
    await agent.get('/account/security').expect(200);
    clock.advanceSeconds(1);
    await agent.get('/account/security').expect(303).expect('Location', '/login/sms');
    await agent.get('/account').expect(200);

    const prompt = await agent.get('/login/sms').expect(200);
    expect(prompt.text).toContain('<p class="step">Confirm it&#39;s you</p>');
    expect(prompt.text).toContain('Your security settings need a recent code from your phone.');
    expect(prompt.text).toContain('•••••••0100');
    expect(prompt.text).toContain('<a href="/account">Back to your account</a>');
    expect(prompt.text).not.toContain('Sign in again');
    expect(prompt.text).not.toContain('name="remember"');
    expect(prompt.text).not.toContain('name="changeMobile"');
    await expectValidHtml(prompt.text);
    expect(example.inbox?.messages).toHaveLength(2);

    const code = codeIn(example.inbox?.messages[0]?.body ?? '');
    await agent.post('/login/sms').type('form').send({ _csrf: csrfTokenIn(prompt.text), code }).expect(303).expect('Location', '/account/security');
    await agent.get('/account/security').expect(200);
  });

  it('puts the change of number behind the same recent code, and brings a late form back to the number form', async () => {
    const { example, agent, clock } = await aliceSignedIn();
    const form = await agent.get('/account/mobile').expect(200);
    clock.advanceSeconds(300);
    await agent.get('/account/mobile').expect(303).expect('Location', '/login/sms');
    await agent.post('/account/mobile').type('form').send({ _csrf: csrfTokenIn(form.text), mobile: '+1 555 555 0177' }).expect(303).expect('Location', '/login/sms');

    const prompt = await agent.get('/login/sms').expect(200);
    const code = codeIn(example.inbox?.messages[0]?.body ?? '');
    expect(example.inbox?.messages[0]?.to).toBe('+15555550100');
    await agent.post('/login/sms').type('form').send({ _csrf: csrfTokenIn(prompt.text), code }).expect(303).expect('Location', '/account/mobile');
    expect((await agent.get('/account/mobile').expect(200)).text).toContain('Change your mobile number');
  });

  it('does not count a sign-in on a remembered device as a recent code', async () => {
    const { example, agent } = await aliceSignedIn({ remember: true });
    await signOut(agent);
    expect((await postPassword(agent)).headers.location).toBe('/account');
    await agent.get('/account/security').expect(303).expect('Location', '/login/sms');
    await agent.get('/login/sms').expect(200);
    expect(example.inbox?.messages).toHaveLength(2);
  });
});
