/**
 * A duration in words, rounded so it never reads as zero: 300 → "5 minutes", 60 → "1 minute",
 * 45 → "45 seconds", 90 → "1 minute 30 seconds", 7200 → "2 hours".
 */
export function humanDuration(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts = [unit(hours, 'hour'), unit(minutes, 'minute'), unit(seconds, 'second')].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : unit(1, 'second');
}

function unit(count: number, name: string): string {
  if (count === 0) return '';
  return `${count} ${name}${count === 1 ? '' : 's'}`;
}
