import { SmsSendError } from '../lib';
import { sendFailureDetails } from '../lib/events/sendFailureDetails';
import { withDetail } from '../lib/providers/sendFailure';

const message = { to: '+12015550123', body: 'Your one-time password for Acme is 482913. It expires in 5 minutes.', channel: 'sms' as const, locale: 'en' };

function failure(words: string, detail: string | undefined, extra: Partial<ConstructorParameters<typeof SmsSendError>[1]> = {}): SmsSendError {
  return new SmsSendError(withDetail(words, detail), { provider: 'gateway', retryable: false, status: 400, detail, ...extra });
}

describe('what a send_failed event says about the failure', () => {
  it("keeps the gateway's host, IP address and port, and its reason apart from the package's words", () => {
    const details = sendFailureDetails(failure('SMS gateway http://10.20.30.40:4901 answered HTTP 401', 'invalid API token', { status: 401 }), message, '482913');

    expect(details).toEqual({
      reason: 'http_401',
      code: undefined,
      httpStatus: 401,
      retryable: false,
      fault: 'setup',
      error: 'SMS gateway http://10.20.30.40:4901 answered HTTP 401',
      detail: 'invalid API token',
    });
  });

  it.each([
    ['E.164', 'The To number +12015550123 is not valid'],
    ['digits only, as Vonage takes it', 'rejected 12015550123'],
    ['national, with brackets and dashes', 'number (201) 555-0123 barred'],
    ['with spaces and the country code', 'to +1 201 555 0123: unreachable'],
  ])('hides the recipient written %s', (_label, answer) => {
    const { detail } = sendFailureDetails(failure('SMS gateway answered HTTP 400', answer), message);

    expect(detail).toContain('[number]');
    expect(detail).not.toMatch(/555[\s-]?0123/);
  });

  it('hides the code, the text, and any run of 6 or more digits, and keeps shorter numbers', () => {
    const answer = `code 4829 in "${message.body}" for account 98765432 at 192.168.1.20:8080, error 21211 on 2024-05-01`;
    const { detail } = sendFailureDetails(failure('SMS gateway answered HTTP 400', answer), message, '4829');

    expect(detail).toBe('code [code] in "[text]" for account [number] at 192.168.1.20:8080, error 21211 on 2024-05-01');
  });

  it('hides the code in the words too, and cuts the detail to 200 characters', () => {
    const details = sendFailureDetails(failure('Provider refused 482913', `${'x'.repeat(300)} 482913`), message, '482913');

    expect(details.error).toBe('Provider refused [code]');
    expect(details.detail).toHaveLength(200);
    expect(details.detail).toMatch(/^x+…$/);
  });

  it('says the code or the HTTP status in the reason, and leaves out a detail the provider did not give', () => {
    expect(sendFailureDetails(failure('Twilio refused the message', undefined, { code: 21211 }), message)).toMatchObject({ reason: 'code_21211', detail: undefined });
    expect(sendFailureDetails(new SmsSendError('down', { provider: 'p', retryable: true }), message)).toMatchObject({ reason: 'error', error: 'down' });
  });
});
