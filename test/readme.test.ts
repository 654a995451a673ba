import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { docFiles, markedSnippet, readDoc, snippetNames } from './support/markdown';
import { repoRoot, repoTempDir } from './support/repoTempDir';

/** The snippets this file runs, by the name of their marker `<!-- readme-test: <name> -->`, and the doc each is in. */
const SNIPPETS = {
  'wiring-js': 'README.md',
  'wiring-ts': 'docs/guides/typescript.md',
  'test-command': 'README.md',
} as const;

const snippet = (name: keyof typeof SNIPPETS) => markedSnippet(SNIPPETS[name], name);

/** The test files, whose source names every snippet a test runs. */
function testSources(dir = path.join(repoRoot, 'test')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testSources(full);
    return entry.name.endsWith('.ts') ? [readFileSync(full, 'utf8')] : [];
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The app as a separate process, as `node app.js` runs it, with what it printed. */
class RunningApp {
  stdout = '';
  stderr = '';
  private constructor(
    private readonly child: ChildProcess,
    readonly base: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  static async start(args: string[], cwd: string): Promise<RunningApp> {
    const port = await freePort();
    const env = { ...process.env, PORT: String(port), NODE_ENV: 'development', SMS_PROVIDER: '', SESSION_SECRET: '', SMS_OTP_SECRET: '' };
    const app = new RunningApp(spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }), `http://localhost:${port}`);
    const deadline = Date.now() + 15_000;
    while (!app.stdout.includes(`Listening on http://localhost:${port}`)) {
      if (app.child.exitCode !== null || Date.now() > deadline) throw new Error(`the app did not start:\n${app.stdout}\n${app.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return app;
  }

  /** The code of the latest text the ConsoleProvider printed. */
  latestCode(): string {
    const codes = [...this.stderr.matchAll(/one-time password for Acme is (\d{6})\./g)];
    if (codes.length === 0) throw new Error(`no text was printed:\n${this.stderr}`);
    return codes[codes.length - 1][1];
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill();
    });
  }
}

/** A browser, as far as cookies and redirects go: it follows nothing, so each answer can be checked. */
class Browser {
  private cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async get(path: string) {
    return this.send(path, { method: 'GET' });
  }

  async post(path: string, fields: Record<string, string>) {
    return this.send(path, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  private async send(path: string, init: { method: string; body?: string; headers?: Record<string, string> }) {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(this.base + path, { ...init, redirect: 'manual', headers: { ...init.headers, ...(cookie ? { cookie } : {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return { status: response.status, location: response.headers.get('location'), text: await response.text() };
  }
}

/** Signs alice in through the app as a user would, with a wrong password and a wrong code on the way. */
async function signInThroughTheApp(app: RunningApp): Promise<void> {
  const browser = new Browser(app.base);
  expect(await browser.get('/account')).toMatchObject({ status: 303, location: '/login' });
  expect((await browser.get('/login')).text).toContain('<form method="post" action="/login">');

  expect(await browser.post('/login', { username: 'alice', password: 'wrong' })).toMatchObject({ status: 302, location: '/login' });
  expect((await browser.get('/login')).text).toContain('<p role="alert">Wrong username or password.</p>');
  expect((await browser.get('/login')).text).not.toContain('Wrong username or password.');

  expect(await browser.post('/login', { username: 'alice', password: 'correct-horse' })).toMatchObject({ status: 303, location: '/login/sms' });
  expect(await browser.get('/account')).toMatchObject({ status: 303, location: '/login' });
  const prompt = await browser.get('/login/sms');
  expect(prompt.status).toBe(200);
  expect(prompt.text).toContain('autocomplete="one-time-code"');
  const code = app.latestCode();

  const wrong = code === '000000' ? '111111' : '000000';
  expect(await browser.post('/login/sms', { code: wrong })).toMatchObject({ status: 302, location: '/login/sms' });
  expect((await browser.get('/login/sms')).text).toContain('That code is not correct. 4 attempts left.');
  expect(await browser.post('/login/sms', { code })).toMatchObject({ status: 302, location: '/account' });

  const account = await browser.get('/account');
  expect(account.status).toBe(200);
  expect(account.text).toContain('Signed in as alice.');
  expect(await browser.post('/logout', {})).toMatchObject({ status: 303, location: '/login' });
  expect(await browser.get('/account')).toMatchObject({ status: 303, location: '/login' });
}

describe('the snippets of the README and the docs', () => {
  const temp = repoTempDir('readme');
  let app: RunningApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });
  afterAll(() => temp.remove());

  it('Wiring: the JavaScript app runs as pasted, and signs alice in with a code', async () => {
    writeFileSync(path.join(temp.dir, 'app.js'), snippet('wiring-js'));
    app = await RunningApp.start(['app.js'], temp.dir);
    await signInThroughTheApp(app);
    expect(app.stderr).not.toContain('Error');
  }, 60_000);

  it('TypeScript guide: the app compiles under strict', async () => {
    writeFileSync(path.join(temp.dir, 'app.ts'), snippet('wiring-ts'));
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = [tsc, '--noEmit', '--strict', '--skipLibCheck', '--module', 'node16', '--moduleResolution', 'node16', '--target', 'ES2022', '--esModuleInterop', '--types', 'node', 'app.ts'];
    const result = await promisify(execFile)(process.execPath, args, { cwd: temp.dir }).catch((err: { stdout: string }) => ({ stdout: err.stdout }));
    expect(result.stdout).toBe('');
  }, 60_000);

  it('TypeScript guide: the app runs too, and signs alice in with a code', async () => {
    writeFileSync(path.join(temp.dir, 'app.ts'), snippet('wiring-ts'));
    app = await RunningApp.start(['--import', 'tsx', 'app.ts'], temp.dir);
    await signInThroughTheApp(app);
  }, 60_000);

  it('has a test for every snippet marked in the docs', () => {
    const sources = testSources();
    const marked = docFiles().flatMap((file) => snippetNames(readDoc(file)).map((name) => ({ file, name })));
    expect(marked.filter(({ name }) => !sources.some((source) => source.includes(`'${name}'`))).map(({ file, name }) => `${name} in ${file}`)).toEqual([]);
    for (const [name, file] of Object.entries(SNIPPETS)) expect(marked).toContainEqual({ file, name });
  });

  it('Quick start: the test command is the one CI runs', () => {
    const command = snippet('test-command');
    const ciRun = readFileSync(path.join(repoRoot, '.ci', 'run'), 'utf8').split('\n');
    expect(ciRun).toContain(command);
  });
});
