import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { createTestApp, sessionCookie, type TestAppOptions } from './support/testApp';
import { listen, rawRequest, type ListeningApp } from './support/rawHttp';

type Frameworks = NonNullable<TestAppOptions['frameworks']>;

/* eslint-disable @typescript-eslint/no-require-imports */
const express4 = require('express4') as Frameworks['express'];
const express5 = require('express') as Frameworks['express'];
const { Passport } = require('passport') as { Passport: Frameworks['Passport'] };
/* eslint-enable @typescript-eslint/no-require-imports */

/** Which body parsers the app installed. */
type Parsers = 'urlencoded only' | 'json only' | 'both' | 'none';
const PARSERS: Record<Parsers, readonly ('urlencoded' | 'json')[]> = {
  'urlencoded only': ['urlencoded'],
  'json only': ['json'],
  both: ['urlencoded', 'json'],
  none: [],
};

/** How the body is framed on the wire. */
type Framing = 'length' | 'chunked' | 'no length' | 'length and chunked';

interface HostileRequest {
  readonly type?: string;
  readonly body?: string | Buffer;
  readonly framing?: Framing;
  readonly headers?: readonly string[];
}

type Statuses = Record<Parsers, number>;

/** The one 5xx allowed: an app that installed no body parser gets a form (the set-up error). */
const SETUP_ERROR = 500;

/** A form: read where express.urlencoded() runs, 415 where only JSON is parsed, the set-up error with no parser. */
const asForm = (read: number): Statuses => ({ 'urlencoded only': read, 'json only': 415, both: read, none: SETUP_ERROR });
/** JSON: read where express.json() runs, 415 elsewhere. */
const asJson = (read: number): Statuses => ({ 'urlencoded only': 415, 'json only': read, both: read, none: 415 });
const everywhere = (status: number): Statuses => ({ 'urlencoded only': status, 'json only': status, both: status, none: status });

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const MULTIPART_BODY = '--b\r\nContent-Disposition: form-data; name="code"\r\n\r\n123456\r\n--b--\r\n';

/**
 * Hostile bodies posted to the prompt in a pending sign-in, with the status for each parser set-up.
 * None of them is a well-formed code, so none costs an attempt: they all share one sign-in.
 * 200 is the prompt again (a POST with neither field); 400 a body or code that cannot be read;
 * 413 the parser's size limits; 415 a format the app does not parse.
 */
interface HostileCase {
  readonly label: string;
  readonly request: HostileRequest;
  readonly statuses: Statuses;
  /** Where Express 4's body-parser 1 answers otherwise. */
  readonly express4?: Partial<Statuses>;
}

const CASES: readonly HostileCase[] = [
  // Forms
  { label: 'a form with a malformed code', request: { type: FORM, body: 'code=abc' }, statuses: asForm(400) },
  { label: 'a form with no fields (Content-Length: 0)', request: { type: FORM, body: '' }, statuses: everywhere(200) },
  { label: 'a form type with no body and no length', request: { type: FORM, framing: 'no length' }, statuses: everywhere(200) },
  { label: 'a chunked form of no chunks', request: { type: FORM, body: '', framing: 'chunked' }, statuses: everywhere(200) },
  { label: 'a chunked form with a malformed code', request: { type: FORM, body: 'code=abc', framing: 'chunked' }, statuses: asForm(400) },
  { label: 'a form with charset=utf-8', request: { type: `${FORM}; charset=utf-8`, body: 'code=abc' }, statuses: asForm(400) },
  // body-parser 1 reads forms in UTF-8 only; body-parser 2 also in ISO-8859-1.
  { label: 'a form with charset=iso-8859-1', request: { type: `${FORM}; charset=iso-8859-1`, body: 'code=abc' }, statuses: asForm(400), express4: { 'urlencoded only': 415, both: 415 } },
  { label: 'a form with charset=utf-16', request: { type: `${FORM}; charset=utf-16`, body: 'code=abc' }, statuses: asForm(415) },
  { label: 'a form with an unknown charset', request: { type: `${FORM}; charset=klingon`, body: 'code=abc' }, statuses: asForm(415) },
  { label: 'a form type in capitals with spaces', request: { type: 'APPLICATION/X-WWW-FORM-URLENCODED ; Charset="UTF-8"', body: 'code=abc' }, statuses: asForm(400) },
  { label: 'a code sent twice', request: { type: FORM, body: 'code=123456&code=654321' }, statuses: asForm(400) },
  { label: 'a code in brackets (an array in extended parsers)', request: { type: FORM, body: 'code[]=123456' }, statuses: asForm(200) },
  { label: 'an operator object for the code', request: { type: FORM, body: 'code[$ne]=x' }, statuses: asForm(200) },
  { label: 'a code of 60,000 characters', request: { type: FORM, body: `code=${'1'.repeat(60_000)}` }, statuses: asForm(400) },
  { label: 'a form over the parser size limit', request: { type: FORM, body: `code=${'1'.repeat(200_000)}` }, statuses: asForm(413) },
  { label: 'more fields than the parser allows', request: { type: FORM, body: Array.from({ length: 1100 }, (_, i) => `f${i}=1`).join('&') }, statuses: asForm(413) },
  { label: 'percent-escapes that are not UTF-8', request: { type: FORM, body: 'code=%FF%FE%FD%FC%FB%FA' }, statuses: asForm(400) },
  { label: 'raw bytes that are not UTF-8', request: { type: FORM, body: Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x3d, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa]) }, statuses: asForm(400) },
  { label: 'a broken percent escape', request: { type: FORM, body: 'code=%E0%A4%A' }, statuses: asForm(400) },
  { label: 'null bytes for the code', request: { type: FORM, body: 'code=%00%00%00%00%00%00' }, statuses: asForm(400) },
  { label: 'prototype keys and no code', request: { type: FORM, body: '__proto__=x&constructor=y&hasOwnProperty=z' }, statuses: asForm(200) },
  { label: 'a gzip form that is not gzip', request: { type: FORM, body: 'code=abc', headers: ['Content-Encoding: gzip'] }, statuses: asForm(400) },
  { label: 'a real gzip form', request: { type: FORM, body: gzipSync('code=abc'), headers: ['Content-Encoding: gzip'] }, statuses: asForm(400) },
  { label: 'an unknown content encoding', request: { type: FORM, body: 'code=abc', headers: ['Content-Encoding: snappy'] }, statuses: asForm(415) },
  // JSON
  { label: 'JSON with a malformed code', request: { type: JSON_TYPE, body: '{"code":"abc"}' }, statuses: asJson(400) },
  { label: 'JSON that does not parse', request: { type: JSON_TYPE, body: '{"code":' }, statuses: asJson(400) },
  { label: 'a JSON type with no body', request: { type: JSON_TYPE, body: '' }, statuses: everywhere(200) },
  { label: 'a JSON array', request: { type: JSON_TYPE, body: '["code"]' }, statuses: asJson(400) },
  { label: 'a JSON string', request: { type: JSON_TYPE, body: '"123456"' }, statuses: asJson(400) },
  { label: 'JSON null', request: { type: JSON_TYPE, body: 'null' }, statuses: asJson(400) },
  { label: 'an array for the code', request: { type: JSON_TYPE, body: '{"code":["123456"]}' }, statuses: asJson(400) },
  { label: 'an object for the code', request: { type: JSON_TYPE, body: '{"code":{"$ne":""}}' }, statuses: asJson(400) },
  { label: 'a number for the code', request: { type: JSON_TYPE, body: '{"code":123456}' }, statuses: asJson(400) },
  { label: 'the code key twice', request: { type: JSON_TYPE, body: '{"code":"123456","code":"abc"}' }, statuses: asJson(400) },
  { label: 'a __proto__ key holding a code', request: { type: JSON_TYPE, body: '{"__proto__":{"code":"123456"}}' }, statuses: asJson(200) },
  { label: 'JSON nested 10,000 deep', request: { type: JSON_TYPE, body: `{"code":${'['.repeat(10_000)}${']'.repeat(10_000)}}` }, statuses: asJson(400) },
  { label: 'JSON in UTF-16', request: { type: `${JSON_TYPE}; charset=utf-16le`, body: Buffer.from('{"code":"abc"}', 'utf16le') }, statuses: asJson(400) },
  { label: 'JSON with charset=latin1', request: { type: `${JSON_TYPE}; charset=latin1`, body: '{"code":"abc"}' }, statuses: asJson(415) },
  { label: 'a chunked JSON body', request: { type: JSON_TYPE, body: '{"code":"abc"}', framing: 'chunked' }, statuses: asJson(400) },
  // Other formats
  { label: 'application/json-patch+json', request: { type: 'application/json-patch+json', body: '[{"op":"add","path":"/code","value":"1"}]' }, statuses: everywhere(415) },
  { label: 'application/vnd.api+json', request: { type: 'application/vnd.api+json', body: '{"code":"abc"}' }, statuses: everywhere(415) },
  { label: 'text/plain', request: { type: 'text/plain', body: 'code=123456' }, statuses: everywhere(415) },
  { label: 'multipart/form-data', request: { type: 'multipart/form-data; boundary=b', body: MULTIPART_BODY }, statuses: everywhere(415) },
  { label: 'application/xml', request: { type: 'application/xml', body: '<code>123456</code>' }, statuses: everywhere(415) },
  { label: 'a content type that does not parse', request: { type: ';;;==', body: 'code=abc' }, statuses: everywhere(415) },
  { label: 'a body with no content type', request: { body: 'code=abc' }, statuses: everywhere(415) },
  { label: 'no content type and no body', request: { framing: 'no length' }, statuses: everywhere(200) },
  // Node's HTTP parser refuses a message framed two ways before any app code runs.
  { label: 'a Content-Length and chunked both', request: { type: FORM, body: 'code=abc', framing: 'length and chunked' }, statuses: everywhere(400) },
];

function rawPost(cookie: string, { type, body = '', framing = 'length', headers = [] }: HostileRequest): Buffer {
  const bytes = Buffer.from(body);
  const head = ['POST /login/sms HTTP/1.1', 'Host: 127.0.0.1', `Cookie: ${cookie}`, 'Connection: close', ...headers];
  if (type !== undefined) head.push(`Content-Type: ${type}`);
  if (framing === 'length' || framing === 'length and chunked') head.push(`Content-Length: ${bytes.length}`);
  if (framing === 'chunked' || framing === 'length and chunked') head.push('Transfer-Encoding: chunked');
  const chunked = framing === 'chunked' || framing === 'length and chunked';
  const payload = chunked ? Buffer.concat([bytes.length ? Buffer.from(`${bytes.length.toString(16)}\r\n`) : Buffer.alloc(0), bytes, Buffer.from(bytes.length ? '\r\n0\r\n\r\n' : '0\r\n\r\n')]) : bytes;
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), payload]);
}

/** Signs alice in with her password (in the query string, which every set-up reads) and opens the prompt. */
async function pendingSignIn(url: string): Promise<string> {
  const login = await request(url).post('/login?username=alice&password=correct-horse').expect(303);
  const cookie = sessionCookie(login);
  if (!cookie) throw new Error('no session cookie');
  await request(url).get('/login/sms').set('Cookie', cookie).expect(200);
  return cookie;
}

describe.each([
  ['Express 5', express5, false],
  ['Express 4', express4, true],
] as const)('hostile bodies posted to the prompt on %s', (_label, express, isExpress4) => {
  describe.each(Object.keys(PARSERS) as Parsers[])('with body parsers: %s', (parsers) => {
    let server: ListeningApp;
    let cookie: string;
    beforeAll(async () => {
      const { app } = createTestApp({ frameworks: { express, Passport }, bodyParsers: PARSERS[parsers], verifyOptions: {} });
      server = await listen(app);
      cookie = await pendingSignIn(server.url);
    });
    afterAll(() => server.close());

    it.each(CASES)('answers $label with a 4xx, or the set-up error when no parser runs', async ({ request: hostile, statuses, express4: onExpress4 }) => {
      const expected = (isExpress4 ? onExpress4?.[parsers] : undefined) ?? statuses[parsers];
      const response = await rawRequest(server.port, rawPost(cookie, hostile));
      expect(response.status).toBe(expected);
      if (expected === SETUP_ERROR) expect(response.body).toContain('add express.urlencoded() before passport.authenticate()');
    });

    it('still has the sign-in afterwards: nothing above cost an attempt', async () => {
      const response = await rawRequest(server.port, rawPost(cookie, { framing: 'no length' }));
      expect(response.status).toBe(200);
      expect(response.body).toContain('autocomplete="one-time-code"');
    });
  });
});
