import { createPrivateKey } from 'node:crypto';
import { InvalidOptionError } from '../../errors';
import { describe, required } from '../../config/validate';

/** A Vonage application that can call: its ID and the private key its JWTs are signed with. */
export interface VoiceApplication {
  readonly applicationId: string;
  readonly privateKey: string;
}

const APPLICATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRIVATE_KEY = "the PEM text of the application's RSA private key (-----BEGIN PRIVATE KEY-----…), not a path";

/**
 * The application of `applicationId` and `privateKey`, both or neither; `undefined` when neither is
 * set. The key is checked here, so a wrong one fails at start-up rather than at the first call.
 *
 * @throws {InvalidOptionError} for one without the other, an ID that is no UUID, or a key that is no RSA private key.
 */
export function voiceApplication(applicationId: unknown, privateKey: unknown): VoiceApplication | undefined {
  if (applicationId === undefined && privateKey === undefined) return undefined;
  required.present('a vonage provider that places calls', { applicationId, privateKey }, ['applicationId', 'privateKey']);
  return {
    applicationId: required.pattern('applicationId', applicationId, APPLICATION_ID, "the application's ID, a UUID"),
    privateKey: rsaPrivateKey(privateKey),
  };
}

/** The key as PEM text; `\n` escapes (how environment variables often carry it) are line breaks. */
function rsaPrivateKey(value: unknown): string {
  const pem = required.string('privateKey', value, PRIVATE_KEY).replace(/\\n/g, '\n').trim();
  let type: string | undefined;
  try {
    type = createPrivateKey(pem).asymmetricKeyType;
  } catch {
    throw new InvalidOptionError('privateKey', PRIVATE_KEY, describe(value));
  }
  // The SDK signs its JWTs with RS256, which takes an RSA key.
  if (type !== 'rsa') throw new InvalidOptionError('privateKey', PRIVATE_KEY, `a ${type ?? 'non-RSA'} key`);
  return pem;
}
