/**
 * Simulated time for actors that take turns: each actor runs until it waits (`sleep`) or ends,
 * then the one due next runs, in the order of their times (ties in the order they were scheduled).
 * One actor runs at a time, so `now` is exactly the time of what is running.
 */
export class SimulatedTime {
  #now: number;
  readonly #queue: Wake[] = [];
  #scheduled = 0;
  #endTurn: (() => void) | undefined;
  #failTurn: ((err: unknown) => void) | undefined;

  constructor(start: number) {
    this.#now = start;
  }

  /** The simulated time, in milliseconds since the epoch. */
  now(): number {
    return this.#now;
  }

  /** Starts `script` at `time` (milliseconds since the epoch). */
  spawn(time: number, script: () => Promise<void>): void {
    this.#push(time, () => script().then(() => this.#endTurn?.(), (err: unknown) => this.#failTurn?.(err)));
  }

  /** Waits `ms` of simulated time: the running actor's turn ends, and it runs again then. */
  sleep(ms: number): Promise<void> {
    return new Promise((resume) => {
      this.#push(this.#now + ms, resume);
      this.#endTurn?.();
    });
  }

  /** Runs every actor to its end; rejects with the first error an actor throws. */
  async run(): Promise<void> {
    while (this.#queue.length > 0) {
      const next = this.#pop();
      this.#now = next.time;
      await new Promise<void>((endTurn, failTurn) => {
        this.#endTurn = endTurn;
        this.#failTurn = failTurn;
        next.wake();
      });
    }
  }

  #push(time: number, wake: () => void): void {
    const entry: Wake = { time, order: this.#scheduled, wake };
    this.#scheduled += 1;
    const queue = this.#queue;
    queue.push(entry);
    for (let i = queue.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(queue[i], queue[parent])) break;
      [queue[i], queue[parent]] = [queue[parent], queue[i]];
      i = parent;
    }
  }

  #pop(): Wake {
    const queue = this.#queue;
    const top = queue[0];
    const last = queue.pop() as Wake;
    if (queue.length > 0) {
      queue[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < queue.length && before(queue[left], queue[smallest])) smallest = left;
        if (right < queue.length && before(queue[right], queue[smallest])) smallest = right;
        if (smallest === i) break;
        [queue[i], queue[smallest]] = [queue[smallest], queue[i]];
        i = smallest;
      }
    }
    return top;
  }
}

/** An actor waiting for its time. */
interface Wake {
  readonly time: number;
  readonly order: number;
  readonly wake: () => void;
}

function before(a: Wake, b: Wake): boolean {
  return a.time < b.time || (a.time === b.time && a.order < b.order);
}
