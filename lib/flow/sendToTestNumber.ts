import type { Channel } from '../providers/SmsProvider';
import type { NumberGroups } from '../limits/numberGroups';
import type { Verification } from './Verification';

/** The provider named in the events of a code "sent" to a test number: none was called. */
export const TEST_PROVIDER = 'test';

/**
 * A code for a test number, counted by every limit already: it goes nowhere (no provider is called,
 * no text, no call), and a warning says so each time, so that test numbers left on are seen. The
 * warning has the masked number, never the code.
 */
export function sendToTestNumber(v: Verification, first: boolean, channel: Channel, groups: NumberGroups | undefined): { readonly status: 'sent' } {
  const { logger, name } = v.settings;
  v.pending.codeSent(groups);
  logger.warn(
    { strategy: name, mobile: v.maskedMobile, purpose: v.kind, channel, userKey: v.userKey },
    `${name}: a code for the test number ${v.maskedMobile} was not sent (testNumbers): it accepts its fixed code`,
  );
  v.event(first ? 'sent' : 'resent', { provider: TEST_PROVIDER, channel, ...(groups && { country: groups.country }) });
  return { status: 'sent' };
}
