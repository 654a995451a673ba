import http from 'node:http';

/** A response as the set-up phase needs it. */
export interface LoopbackResponse {
  readonly status: number;
  readonly location: string | undefined;
  /** `name=value` of the session cookie the response set, if any. */
  readonly cookie: string | undefined;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

/** One request to the app on 127.0.0.1, body discarded. */
export function send(
  port: number,
  method: 'GET' | 'POST',
  path: string,
  options: { cookie?: string; form?: Record<string, string>; headers?: Readonly<Record<string, string>> } = {},
): Promise<LoopbackResponse> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const headers: http.OutgoingHttpHeaders = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (response) => {
      response.resume();
      response.on('end', () => {
        const cookie = response.headers['set-cookie']?.find((value) => value.startsWith('connect.sid='))?.split(';')[0];
        resolve({ status: response.statusCode ?? 0, location: response.headers.location, cookie });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` at a time, results in order. */
export async function inParallel<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next;
      next += 1;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** Expects a status, naming the step that went wrong otherwise. */
export function expectStatus(step: string, response: LoopbackResponse, status: number): LoopbackResponse {
  if (response.status !== status) throw new Error(`${step}: expected HTTP ${status}, got ${response.status}`);
  return response;
}
