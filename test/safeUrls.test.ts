import request from 'supertest';
import type { RequestLike } from '../lib/http/types';
import { requestPath } from '../lib/http/requestPath';
import { createTestApp, sessionCookie, type TestAppOptions } from './support/testApp';
import { listen, rawRequest, type ListeningApp } from './support/rawHttp';

type Frameworks = NonNullable<TestAppOptions['frameworks']>;

/* eslint-disable @typescript-eslint/no-require-imports */
const express4 = require('express4') as Frameworks['express'];
const express5 = require('express') as Frameworks['express'];
const { Passport } = require('passport') as { Passport: Frameworks['Passport'] };
/* eslint-enable @typescript-eslint/no-require-imports */

describe.each([
  ['Express 5', express5],
  ['Express 4', express4],
])('URLs built from an absolute-form request line on %s', (_label, express) => {
  let server: ListeningApp;
  let cookie: string;
  beforeAll(async () => {
    const { app } = createTestApp({ frameworks: { express, Passport }, strategy: { resendCooldownSeconds: 0 } });
    server = await listen(app);
    const login = await request(server.url).post('/login').type('form').send({ username: 'alice', password: 'correct-horse' }).expect(303);
    cookie = sessionCookie(login) ?? '';
  });
  afterAll(() => server.close());

  const send = (requestLine: string, body = '') =>
    rawRequest(
      server.port,
      `${requestLine}\r\nHost: evil.example\r\nCookie: ${cookie}\r\nConnection: close\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );

  it('posts the prompt form to the path only, never to the host in the request line', async () => {
    const response = await send('GET http://evil.example/login/sms?step=2 HTTP/1.1');
    expect(response.status).toBe(200);
    expect(response.body).toContain('action="/login/sms?step=2"');
    expect(response.body).not.toContain('evil.example');
  });

  it('redirects after a resend to the path only', async () => {
    const response = await send('POST http://evil.example/login/sms HTTP/1.1', 'resend=1');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login/sms');
  });
});

describe('requestPath', () => {
  const pathOf = (originalUrl: string) => requestPath({ originalUrl } as RequestLike);

  it.each([
    ['/login/sms?x=1', '/login/sms?x=1'],
    ['http://evil.example/login/sms?x=1', '/login/sms?x=1'],
    ['https://user:pw@evil.example:8443/login/sms', '/login/sms'],
    ['//evil.example/login/sms', '/evil.example/login/sms'],
    ['/\\evil.example/login/sms', '/evil.example/login/sms'],
    ['\\\\evil.example/login/sms', '/'],
    ['http://evil.example//evil.example/x', '/evil.example/x'],
    ['http://evil.example', '/'],
    ['*', '/'],
    ['evil.example:443', '/'],
  ])('reduces %s to %s', (target, path) => {
    expect(pathOf(target)).toBe(path);
  });

  it('falls back to req.url, and to / without either', () => {
    expect(requestPath({ url: 'http://evil.example/a' } as RequestLike)).toBe('/a');
    expect(requestPath({} as RequestLike)).toBe('/');
  });
});
