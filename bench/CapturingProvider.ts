import { setTimeout as sleep } from 'node:timers/promises';
import type { SmsMessage, SmsProvider } from '../lib';

/**
 * The bench's SMS provider: it keeps the latest code per recipient (so the harness can submit it),
 * waits `latencyMs` like a real provider's API call, and counts how many sends overlap.
 */
export class CapturingProvider implements SmsProvider {
  readonly name = 'bench';
  readonly #codes = new Map<string, string>();
  #inFlight = 0;
  sends = 0;
  peakInFlight = 0;

  constructor(private readonly latencyMs: number) {}

  async send(message: SmsMessage): Promise<{ to: string }> {
    this.#inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.#inFlight);
    try {
      if (this.latencyMs > 0) await sleep(this.latencyMs);
      const code = /is ([0-9A-Z]+)\./.exec(message.body)?.[1];
      if (code) this.#codes.set(message.to, code);
      this.sends += 1;
      return { to: message.to };
    } finally {
      this.#inFlight -= 1;
    }
  }

  /** The latest code texted to `mobile`, if any, forgotten here (so it does not count as the app's memory). */
  takeCode(mobile: string): string | undefined {
    const code = this.#codes.get(mobile);
    this.#codes.delete(mobile);
    return code;
  }
}
