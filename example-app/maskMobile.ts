/**
 * A number as the account page shows it: every digit hidden but the last four, like the code
 * prompt shows it ("+15555550100" → "•••••••0100"). The package masks the numbers on its own pages
 * but does not export how.
 */
export function maskMobile(mobile: string): string {
  const digits = mobile.replace(/\D/g, '');
  return '•'.repeat(Math.max(0, digits.length - 4)) + digits.slice(-4);
}
