import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** Starts `example-app/server.ts` as `npm start` does, on a free port; resolves with its URL once it listens. */
function startServer(): Promise<{ child: ChildProcessWithoutNullStreams; url: string; output: () => string }> {
  const child = spawn(TSX, ['example-app/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', PORT: '0', REDIS_URL: '', SMS_PROVIDER: '' },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /"url":"(http:\/\/localhost:\d+)","msg":"example app listening"/.exec(output)?.[1];
      if (url) resolve({ child, url: url.replace('localhost', '127.0.0.1'), output: () => output });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

describe('the example server', () => {
  it('serves the sign-in page and exits cleanly on SIGTERM', async () => {
    const { child, url, output } = await startServer();
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const response = await fetch(`${url}/login`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Sign in');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toContain('"signal":"SIGTERM","msg":"shutting down"');
    expect(output()).toContain('SESSION_SECRET is not set');
  });
});
