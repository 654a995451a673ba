/**
 * A mobile number with every digit hidden but the last four: "+1 555 555 0100" → "•••••••0100".
 * Numbers of eight digits or fewer show at most half of their digits, so no short number is shown whole.
 */
export function maskMobile(mobile: string): string {
  const digits = mobile.replace(/\D/g, '');
  const visible = Math.min(4, Math.floor(digits.length / 2));
  return '•'.repeat(digits.length - visible) + digits.slice(digits.length - visible);
}
