import type { IncomingMessage } from 'node:http';
import request from 'supertest';
import { loadConfig } from '../example-app/config';
import { isFromThisMachine } from '../example-app/localOnly';
import { buildExampleApp, passPassword } from './support/exampleApp';
import { listen, rawRequest } from './support/rawHttp';

/** Headers a proxy or tunnel on this machine adds; each one alone must close the local-only pages. */
const PROXY_HEADERS: readonly [string, string][] = [
  ['X-Forwarded-For', '203.0.113.9'],
  ['X-Forwarded-For', '127.0.0.1'],
  ['X-Forwarded-Host', 'example.ngrok.app'],
  ['X-Forwarded-Proto', 'https'],
  ['Forwarded', 'for=203.0.113.9;proto=https'],
  ['X-Real-IP', '203.0.113.9'],
  ['Via', '1.1 nginx'],
];

describe('the development SMS inbox', () => {
  it('shows the texts to this machine', async () => {
    const example = await buildExampleApp();
    await passPassword(example);
    const response = await request(example.app).get('/dev/sms').expect(200);
    expect(response.text).toContain('Your one-time password for Example App is');
  });

  it.each(PROXY_HEADERS)('is not there for a request that came through a proxy (%s: %s)', async (name, value) => {
    const example = await buildExampleApp();
    await passPassword(example);
    const response = await request(example.app).get('/dev/sms').set(name, value).expect(404);
    expect(response.text).not.toContain('one-time password');
  });

  it('is not there through a proxy even when the app trusts it', async () => {
    const example = await buildExampleApp({ trustProxy: 'loopback' });
    await request(example.app).get('/dev/sms').set('X-Forwarded-For', '127.0.0.1').expect(404);
  });
});

describe('the development SMS inbox under another name (DNS rebinding)', () => {
  /** The inbox, with a code in it, asked over a real socket with the `Host` line given as it is. */
  async function inboxAt(hostLines: readonly string[]) {
    const example = await buildExampleApp();
    await passPassword(example);
    const server = await listen(example.app);
    try {
      const answers = [];
      for (const host of hostLines) {
        const response = await rawRequest(server.port, `GET /dev/sms HTTP/1.1\r\n${host.replace('PORT', String(server.port))}\r\nConnection: close\r\n\r\n`);
        answers.push({ host, status: response.status, showsCode: response.body.includes('one-time password') });
      }
      return answers;
    } finally {
      await server.close();
    }
  }

  it('answers at localhost, 127.0.0.1 and [::1], with or without a port', async () => {
    const hosts = ['Host: localhost:PORT', 'Host: 127.0.0.1:PORT', 'Host: [::1]:PORT', 'Host: localhost', 'Host: 127.0.0.1', 'Host: [::1]', 'Host: LocalHost:PORT'];
    expect(await inboxAt(hosts)).toEqual(hosts.map((host) => ({ host, status: 200, showsCode: true })));
  });

  it('refuses with 421 any other name, even one that points here', async () => {
    const hosts = [
      'Host: attacker.example:PORT',
      'Host: attacker.example',
      'Host: localhost.attacker.example:PORT',
      'Host: 127.0.0.1.nip.io:PORT',
      'Host: 127.0.0.2:PORT',
      'Host: [::ffff:127.0.0.1]:PORT',
      'Host: localhost:PORT@attacker.example',
      'Host: localhost:PORT:PORT',
      'Host:',
    ];
    expect(await inboxAt(hosts)).toEqual(hosts.map((host) => ({ host, status: 421, showsCode: false })));
  });
});

describe('what counts as this machine', () => {
  const from = (remoteAddress: string | undefined, headers: Record<string, string> = {}) =>
    isFromThisMachine({ socket: { remoteAddress }, headers } as unknown as IncomingMessage);

  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])('accepts %s with no proxy headers', (address) => {
    expect(from(address)).toBe(true);
  });

  it.each(['192.0.2.7', '::ffff:192.0.2.7', 'fd00::2', '::2', '1127.0.0.1', undefined])('refuses %s', (address) => {
    expect(from(address)).toBe(false);
  });

  it('refuses loopback carrying a proxy header', () => {
    expect(from('127.0.0.1', { 'x-forwarded-port': '443' })).toBe(false);
  });
});

describe('the example app metrics', () => {
  it('are not served unless METRICS=1', async () => {
    const { app } = await buildExampleApp();
    await request(app).get('/metrics').expect(404);
  });

  it('count a sign-in, for this machine', async () => {
    const example = await buildExampleApp({ metrics: true });
    const { agent, token, code } = await passPassword(example);
    await agent.post('/login/sms').type('form').send({ _csrf: token, code }).expect(302).expect('Location', '/account');

    const response = await request(example.app).get('/metrics').expect(200).expect('Content-Type', /^text\/plain; version=0\.0\.4/);
    expect(response.text).toContain('sms_otp_events_total{strategy="sms-otp",type="sent",reason="",provider="console"} 1');
    expect(response.text).toContain('sms_otp_events_total{strategy="sms-otp",type="verified",reason="",provider=""} 1');
    expect(response.text).toContain('# TYPE sms_otp_send_duration_seconds histogram');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it.each(PROXY_HEADERS)('are not served through a proxy (%s: %s)', async (name, value) => {
    const { app } = await buildExampleApp({ metrics: true });
    await request(app).get('/metrics').set(name, value).expect(404);
  });

  it('are served through a proxy with METRICS_PUBLIC=1', async () => {
    const { app } = await buildExampleApp({ metrics: true, metricsPublic: true });
    await request(app).get('/metrics').set('X-Forwarded-For', '203.0.113.9').expect(200);
  });

  it('are switched by METRICS and METRICS_PUBLIC', () => {
    const quiet = () => undefined;
    expect(loadConfig({}, quiet)).toMatchObject({ metrics: false, metricsPublic: false });
    expect(loadConfig({ METRICS: '1', METRICS_PUBLIC: 'true' }, quiet)).toMatchObject({ metrics: true, metricsPublic: true });
    expect(loadConfig({ METRICS: '0' }, quiet)).toMatchObject({ metrics: false });
    expect(() => loadConfig({ METRICS: 'yes' }, quiet)).toThrow('METRICS must be 1 or 0, not "yes".');
  });
});
