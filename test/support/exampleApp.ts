import { createServer, type Server } from 'node:http';
import request from 'supertest';
import type { AddressInfo } from 'node:net';
import { loadConfig, type ExampleConfig } from '../../example-app/config';
import { createApp, type ExampleApp } from '../../example-app/createApp';

/** Collects the app's JSON log lines, to check what they do (and do not) contain. */
export class LogCapture {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  get text(): string {
    return this.lines.join('');
  }
}

/** The example app as a test gets it: built for development, its logs captured, its texts kept out of stderr. */
export async function buildExampleApp(overrides: Partial<ExampleConfig> = {}): Promise<ExampleApp & { logs: LogCapture }> {
  const logs = new LogCapture();
  const config: ExampleConfig = {
    ...loadConfig({ NODE_ENV: 'test' }, () => undefined),
    logStream: logs,
    printSms: () => undefined,
    ...overrides,
  };
  return { ...(await createApp(config)), logs };
}

/** An example app listening on a random 127.0.0.1 port. */
export interface RunningExampleApp extends ExampleApp {
  readonly url: string;
  readonly logs: LogCapture;
  stop(): Promise<void>;
}

export async function startExampleApp(overrides: Partial<ExampleConfig> = {}): Promise<RunningExampleApp> {
  const example = await buildExampleApp(overrides);
  const server: Server = createServer(example.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...example,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await example.close();
    },
  };
}

/** The code in an SMS body of the example app: after "is" in English ("... is 123456. It expires ..."); in any language, the longest run of digits. */
export function codeIn(body: string): string {
  const code = /is ([0-9A-Z]+)\./.exec(body)?.[1] ?? (body.match(/[0-9]{4,}/g) ?? []).sort((a, b) => b.length - a.length)[0];
  if (!code) throw new Error(`no code in: ${body}`);
  return code;
}

/** A wrong code of the same length: each digit shifted by one. */
export function wrongCodeFor(code: string): string {
  return code.replace(/\d/g, (digit) => String((Number(digit) + 1) % 10));
}

/** The hidden CSRF token in a page. */
export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF field on the page');
  return match[1];
}

/**
 * Signs a demo user in with the password through the real forms (CSRF tokens included) and opens
 * the page after it (the code prompt, or the number form for a user without a number).
 */
export async function passPasswordAs(example: ExampleApp, username: string): Promise<{ agent: request.Agent; page: request.Response }> {
  const agent = request.agent(example.app);
  expect((await postPassword(agent, username)).headers.location).toBe('/login/sms');
  return { agent, page: await agent.get('/login/sms').expect(200) };
}

/** Sends a demo user's password through the sign-in form; the 303 says where they go next (the code prompt, or their account on a remembered device). */
export async function postPassword(agent: request.Agent, username = 'alice'): Promise<request.Response> {
  const response = await sendPassword(agent, username, 'correct-horse');
  expect(response.status).toBe(303);
  return response;
}

/** Sends a username and a password, right or wrong, through the sign-in form (CSRF token included). */
export async function sendPassword(agent: request.Agent, username: string, password: string): Promise<request.Response> {
  const login = await agent.get('/login').expect(200);
  return agent.post('/login').type('form').send({ _csrf: csrfTokenIn(login.text), username, password });
}

/** Signs alice in with her password and opens the prompt; returns the agent, the prompt's CSRF token and the code that was texted. */
export async function passPassword(example: ExampleApp): Promise<{ agent: request.Agent; token: string; code: string }> {
  const { agent, page } = await passPasswordAs(example, 'alice');
  return { agent, token: csrfTokenIn(page.text), code: codeIn(example.inbox?.messages[0]?.body ?? '') };
}

/** Signs alice in with her password and the texted code, ticking "don't ask for a code on this device" if `remember`. */
export async function signInAlice(example: ExampleApp, options: { remember?: boolean } = {}): Promise<{ agent: request.Agent; verified: request.Response }> {
  const { agent, token, code } = await passPassword(example);
  const remember = options.remember ? { remember: '1' } : {};
  const verified = await agent.post('/login/sms').type('form').send({ _csrf: token, code, ...remember }).expect(302).expect('Location', '/account');
  return { agent, verified };
}

/** Signs out with the account page's form. */
export async function signOut(agent: request.Agent): Promise<void> {
  const account = await agent.get('/account').expect(200);
  await agent.post('/logout').type('form').send({ _csrf: csrfTokenIn(account.text) }).expect(303).expect('Location', '/login');
}

/** The `Set-Cookie` line of the remembered device's cookie in a response, if any. */
export function deviceCookieIn(response: request.Response): string | undefined {
  return ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith('sms_otp_device='));
}

/** A clock for the strategy (`smsOtp: { clock: clock.now }`) that stands still until the test moves it. */
export function manualClock(): { now: () => number; advanceSeconds(seconds: number): void } {
  let now = Date.now();
  return {
    now: () => now,
    advanceSeconds: (seconds) => {
      now += seconds * 1000;
    },
  };
}

/** The recovery codes a page of new ones shows, as shown (`XXXX-XXXX-XXXX-XXXX`). */
export function recoveryCodesIn(html: string): string[] {
  return [...html.matchAll(/<li><code>([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})<\/code><\/li>/g)].map((match) => match[1]);
}

/**
 * Creates a set of recovery codes for the signed-in user through the example's forms (its CSRF
 * token and the creation form's one-time token); returns the page of codes and its form, to post again.
 */
export async function createRecoveryCodes(agent: request.Agent): Promise<{ page: request.Response; form: Record<string, string> }> {
  const offer = await agent.get('/account/security/recovery-codes').expect(200);
  const token = /name="recoveryCodesToken" value="([^"]+)"/.exec(offer.text)?.[1];
  if (!token) throw new Error('no recoveryCodesToken field on the creation form');
  const form = { _csrf: csrfTokenIn(offer.text), recoveryCodesToken: token };
  return { page: await agent.post('/account/security/recovery-codes').type('form').send(form).expect(200), form };
}

/** Passes alice's password in a new agent and opens the recovery form (`/login/sms?recovery`, which texts nothing). */
export async function openRecoveryForm(example: ExampleApp): Promise<{ agent: request.Agent; send(recoveryCode: string): Promise<request.Response> }> {
  const agent = request.agent(example.app);
  expect((await postPassword(agent)).headers.location).toBe('/login/sms');
  const token = csrfTokenIn((await agent.get('/login/sms?recovery').expect(200)).text);
  return { agent, send: (recoveryCode) => agent.post('/login/sms?recovery').type('form').send({ _csrf: token, recoveryCode }) };
}

/** Signs alice in with her password and a recovery code in a new agent; answers the response to the code. */
export async function signInWithRecoveryCode(example: ExampleApp, recoveryCode: string): Promise<{ agent: request.Agent; response: request.Response }> {
  const { agent, send } = await openRecoveryForm(example);
  return { agent, response: await send(recoveryCode) };
}
