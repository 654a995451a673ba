import { parseHeaders } from '../../lib/providers/parseHeaders';

describe('parseHeaders', () => {
  it("reads the reference product's header string", () => {
    expect(parseHeaders('authorisation: qwer1234asdfzxcv, x-csrf: true, x-abc: some-value')).toEqual({
      authorisation: 'qwer1234asdfzxcv',
      'x-csrf': 'true',
      'x-abc': 'some-value',
    });
  });

  it('splits each entry at its first colon, so values keep their colons', () => {
    expect(parseHeaders('authorization: Bearer a:b:c, x-time: 12:30')).toEqual({ authorization: 'Bearer a:b:c', 'x-time': '12:30' });
  });

  it('accepts an object, and nothing at all', () => {
    expect(parseHeaders({ 'X-Api-Key': 'k' })).toEqual({ 'X-Api-Key': 'k' });
    expect(parseHeaders(undefined)).toEqual({});
    expect(parseHeaders(' , ')).toEqual({});
  });

  it.each([
    ['a CRLF in a value', 'x-a: ok\r\nX-Injected: evil', 'headers.x-a'],
    ['a bare LF in an object value', { 'x-a': 'ok\nX-Injected: evil' }, 'headers.x-a'],
    ['a space in a name', 'x a: 1', 'headers'],
    ['an entry without a colon', 'x-a 1', 'headers'],
    ['the same header twice', 'x-a: 1, X-A: 2', 'headers.X-A'],
    ['a value that is not a string', { 'x-a': 1 as unknown as string }, 'headers.x-a'],
  ])('refuses %s, naming the header but not its value', (_label, headers, option) => {
    expect(() => parseHeaders(headers)).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option }));
    expect(() => parseHeaders(headers)).not.toThrow(/evil|ok/);
  });
});
