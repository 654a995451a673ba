import request from 'supertest';
import { buildExampleApp, codeIn, csrfTokenIn, passPassword, passPasswordAs } from './support/exampleApp';
import { expectValidHtml } from './support/exampleHtml';

describe('the example app: adding and changing a mobile number over HTTP', () => {
  it('asks bob for a number on a valid page with the CSRF field, and texts nothing yet', async () => {
    const example = await buildExampleApp();
    const { page } = await passPasswordAs(example, 'bob');
    expect(page.text).toContain('Step 2 of 3 · Mobile number');
    expect(page.text).toMatch(/<input type="tel" id="sms-otp-mobile" name="mobile" value="" autocomplete="tel"/);
    expect(page.text).toContain('name="_csrf"');
    await expectValidHtml(page.text);
    expect(example.inbox?.messages).toHaveLength(0);
  });

  it('refuses alice’s number for bob with 422, keeping what he typed, and texts nothing', async () => {
    const example = await buildExampleApp();
    const { agent, page } = await passPasswordAs(example, 'bob');
    const refused = await agent.post('/login/sms').type('form').send({ _csrf: csrfTokenIn(page.text), mobile: '+1 555 555 0100' }).expect(422);
    expect(refused.text).toContain('That number cannot be used for this account.');
    expect(refused.text).toContain('value="+1 555 555 0100"');
    expect(refused.text).toContain('aria-invalid="true"');
    await expectValidHtml(refused.text);
    expect(example.inbox?.messages).toHaveLength(0);
  });

  it('keeps the number bob verified: his next sign-in texts it a code straight away', async () => {
    const example = await buildExampleApp();
    const first = await passPasswordAs(example, 'bob');
    const token = csrfTokenIn(first.page.text);
    await first.agent.post('/login/sms').type('form').send({ _csrf: token, mobile: '+1 555 555 0142' }).expect(303).expect('Location', '/login/sms');
    const prompt = await first.agent.get('/login/sms').expect(200);
    expect(prompt.text).toContain('Step 3 of 3 · Code');
    expect(prompt.text).toContain('name="changeMobile"');
    await expectValidHtml(prompt.text);
    const code = codeIn(example.inbox?.messages[0]?.body ?? '');
    await first.agent.post('/login/sms').type('form').send({ _csrf: token, code }).expect(302).expect('Location', '/account');

    const again = await passPasswordAs(example, 'bob');
    expect(again.page.text).toContain('Step 2 of 2 · Code');
    expect(again.page.text).toContain('•••••••0142');
    expect(again.page.text).not.toContain('name="changeMobile"');
    expect(example.inbox?.messages.map((message) => message.to)).toEqual(['+15555550142', '+15555550142']);
  });

  it('sends a signed-out visitor of the change page to sign in', async () => {
    const { app } = await buildExampleApp();
    await request(app).get('/account/mobile').expect(302).expect('Location', '/login');
  });

  it('shows alice a valid change page and refuses a number posted to it without the CSRF token', async () => {
    const example = await buildExampleApp();
    const { agent, token, code } = await passPassword(example);
    await agent.post('/login/sms').type('form').send({ _csrf: token, code }).expect(302);
    const page = await agent.get('/account/mobile').expect(200);
    expect(page.text).toContain('Change your mobile number');
    expect(page.text).toContain('Step 1 of 2 · New number');
    expect(page.text).toContain('<a href="/account">Back to your account</a>');
    await expectValidHtml(page.text);

    await agent.post('/account/mobile').type('form').send({ mobile: '+1 555 555 0177' }).expect(403);
    await agent.post('/account/mobile').type('form').send({ _csrf: csrfTokenIn(page.text), mobile: '+1 555 555 0177' }).expect(303);
    const prompt = await agent.get('/account/mobile').expect(200);
    expect(prompt.text).toContain('•••••••0177');
    await expectValidHtml(prompt.text);
  });
});
