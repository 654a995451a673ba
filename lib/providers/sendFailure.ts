/** Longest excerpt of a provider's answer an {@link SmsSendError} carries. */
export const MAX_DETAIL_LENGTH = 200;

/**
 * Shortens a provider's answer for an error, masking every secret it might echo back
 * (auth tokens, header values), so errors can be logged safely.
 */
export function excerpt(text: string, secrets: readonly string[] = []): string {
  let safe = text;
  for (const secret of secrets) {
    if (secret.length >= 4) safe = safe.split(secret).join('***');
  }
  safe = safe.replace(/\s+/g, ' ').trim();
  return safe.length > MAX_DETAIL_LENGTH ? `${safe.slice(0, MAX_DETAIL_LENGTH - 1)}…` : safe;
}

/**
 * An error message in the package's words, followed by the provider's own (`detail`) when there is
 * one. Events and logs show the two apart: see `sendFailureDetails`.
 */
export function withDetail(words: string, detail: string | undefined): string {
  return detail ? `${words}: ${detail}` : words;
}

/** Whether an HTTP status means a later try, or another provider, could succeed. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/**
 * The system error code of a failed connection (`ECONNREFUSED`, `ENOTFOUND`,
 * `UND_ERR_CONNECT_TIMEOUT`, ...), looking through `cause` chains, or undefined.
 */
export function networkErrorCode(err: unknown): string | undefined {
  for (let current = err, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Whether the error is an abort caused by a timeout. */
export function isTimeout(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}
