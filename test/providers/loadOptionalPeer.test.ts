import { SmsOtpError } from '../../lib/errors';
import { loadOptionalPeer } from '../../lib/providers/loadOptionalPeer';

const missing = (id: string) => {
  throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
};

describe('loadOptionalPeer', () => {
  it('says which package to install when it is missing', () => {
    expect(() => loadOptionalPeer('twilio', 'The twilio SMS provider', { load: missing })).toThrow(SmsOtpError);
    expect(() => loadOptionalPeer('twilio', 'The twilio SMS provider', { load: missing })).toThrow(
      'The twilio SMS provider needs the "twilio" package, which is not installed. Run: npm install twilio',
    );
    expect(() => loadOptionalPeer('@vonage/server-sdk', 'The vonage SMS provider', { load: missing })).toThrow('npm install @vonage/server-sdk');
  });

  it('passes on other failures, such as a missing module inside the package', () => {
    const nested = () => missing('axios');

    expect(() => loadOptionalPeer('twilio', 'The twilio SMS provider', { load: nested })).toThrow("Cannot find module 'axios'");
  });

  it('loads an installed package', () => {
    expect(typeof loadOptionalPeer('twilio', 'The twilio SMS provider')).toBe('function');
  });
});
