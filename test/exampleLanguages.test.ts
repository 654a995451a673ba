import request from 'supertest';
import { SHIPPED_LOCALES } from '../lib/i18n/shippedLocales';
import { buildExampleApp, codeIn, csrfTokenIn } from './support/exampleApp';

const { de, es, fr } = SHIPPED_LOCALES;

/** Signs alice in with the password through the real forms, `query` added to every page's address. */
async function signInWithPassword(agent: request.Agent, query = ''): Promise<request.Response> {
  const login = await agent.get(`/login${query}`).expect(200);
  await agent.post('/login').type('form').send({ _csrf: csrfTokenIn(login.text), username: 'alice', password: 'correct-horse' }).expect(303);
  return agent.get('/login/sms').expect(200);
}

describe('the example app in several languages', () => {
  it('offers every shipped language in the footer, each link in its own language', async () => {
    const { app } = await buildExampleApp();
    const page = await request(app).get('/login').expect(200);
    for (const tag of Object.keys(SHIPPED_LOCALES)) expect(page.text).toMatch(new RegExp(`<a href="\\?lang=${tag}" lang="${tag}" hreflang="${tag}">`));
  });

  it('keeps the language picked with ?lang= through the sign-in: French prompt, <html lang="fr">, French text', async () => {
    const example = await buildExampleApp();
    const agent = request.agent(example.app).set('Accept-Language', 'de');
    const prompt = await signInWithPassword(agent, '?lang=fr');
    expect(prompt.text).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/);
    expect(prompt.text).toContain(fr.messages.title);
    const body = example.inbox?.messages[0]?.body ?? '';
    expect(body).toBe(`Votre code à usage unique pour Example App est ${codeIn(body)}, valable 5 minutes.`);
  });

  it("follows the browser's Accept-Language when no language was picked, and a switch on the prompt itself", async () => {
    const example = await buildExampleApp();
    const agent = request.agent(example.app).set('Accept-Language', 'de-DE,de;q=0.9');
    const prompt = await signInWithPassword(agent);
    expect(prompt.text).toContain('<html lang="de">');
    expect(prompt.text).toContain(de.messages.title);
    const switched = await agent.get('/login/sms?lang=es').expect(200);
    expect(switched.text).toContain('<html lang="es">');
    expect(switched.text).toContain(es.messages.title);
  });

  it("shows each text's encoding and segments in the development inbox", async () => {
    const example = await buildExampleApp();
    await signInWithPassword(request.agent(example.app));
    const inbox = await request(example.app).get('/dev/sms').expect(200);
    expect(inbox.text).toMatch(/<p class="sms-cost">GSM-7 · 1 segment · \d+ septets<\/p>/);
  });
});
