import autocannon from 'autocannon';

/** One request the load generator sends. */
export interface RequestSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly cookie?: string;
  /** A urlencoded form. */
  readonly form?: string;
}

/** How to load the app: a fixed number of requests, or for a time. */
export interface Load {
  readonly connections: number;
  /** Requests in all; takes precedence over `seconds`. */
  readonly amount?: number;
  readonly seconds?: number;
  /** The i-th request to send (i counts across all connections). */
  readonly request: (i: number) => RequestSpec;
}

/** What a load run measured. */
export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  /** Latency percentiles in milliseconds. */
  readonly p50: number;
  readonly p99: number;
  /** Responses per HTTP status. */
  readonly statuses: Record<string, number>;
  /** Connection errors and timeouts. */
  readonly errors: number;
}

/** Drives the app on 127.0.0.1 with autocannon at fixed concurrency. */
export async function drive(port: number, load: Load): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: load.connections,
    ...(load.amount !== undefined ? { amount: load.amount } : { duration: load.seconds }),
    timeout: 30,
    // Results are checked at each sample: short samples make the measured time exact to 20 ms.
    sampleInt: 20,
    requests: [
      {
        setupRequest: (request) => {
          const spec = load.request(next);
          next += 1;
          const headers: Record<string, string> = {};
          if (spec.cookie) headers.cookie = spec.cookie;
          if (spec.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
          return { ...request, method: spec.method, path: spec.path, headers, body: spec.form };
        },
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[status] = count ?? 0;
  const requests = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  return {
    requests,
    seconds: result.duration,
    requestsPerSecond: requests / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    errors: result.errors + result.timeouts,
  };
}
