import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Agent, get } from 'node:http';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

interface RunningServer {
  child: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `example-app/server.ts` as `npm start` does, on a free port; resolves with its URL once it listens. */
function startServer(): Promise<RunningServer> {
  const child = spawn(TSX, ['example-app/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', REDIS_URL: '', SMS_PROVIDER: '' },
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /"url":"(http:\/\/localhost:\d+)","msg":"example app listening"/.exec(output)?.[1];
      if (url) resolve({ child, url: url.replace('localhost', '127.0.0.1'), output: () => output, exited });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

/** One GET over a keep-alive agent; resolves with the status once the body is read. */
function keepAliveGet(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

describe('the example server', () => {
  let server: RunningServer | undefined;
  afterEach(() => {
    server?.child.kill('SIGKILL');
    server = undefined;
  });

  it('serves the sign-in page and exits cleanly on SIGTERM', async () => {
    server = await startServer();
    const response = await fetch(`${server.url}/login`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Sign in');

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"signal":"SIGTERM","msg":"shutting down"');
    expect(server.output()).toContain('SESSION_SECRET is not set');
  });

  it('does not wait for idle keep-alive connections to time out when it stops', async () => {
    server = await startServer();
    const agent = new Agent({ keepAlive: true });
    expect(await keepAliveGet(`${server.url}/login`, agent)).toBe(200);
    const started = Date.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    // The keep-alive timeout is 5 s; closing idle connections at once stops well before it.
    expect(Date.now() - started).toBeLessThan(3_000);
    agent.destroy();
  });
});
