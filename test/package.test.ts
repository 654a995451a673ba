import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot as root, repoTempDir } from './support/repoTempDir';

const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** Type-checks one file as an app would, under `strict`; returns tsc's complaints ('' when none). */
function typeCheck(file: string, moduleResolution: 'node16' | 'node10'): string {
  const module = moduleResolution === 'node16' ? 'node16' : 'commonjs';
  // skipLibCheck as apps have it (tsc --init): libphonenumber-js's own .d.cts does not pass node16's checks.
  const args = [tsc, '--noEmit', '--strict', '--skipLibCheck', '--module', module, '--moduleResolution', moduleResolution, '--target', 'ES2022', '--types', 'node', '--esModuleInterop', file];
  try {
    execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    return '';
  } catch (err) {
    return String((err as { stdout?: string }).stdout);
  }
}

/** Code a user writes: a store of their own, the generic user type, the provider factories. */
const CONSUMER = `
import { MemoryOtpStore, RedisOtpStore, type OtpStore, type RedisOtpStoreOptions, type SendDecision, type SendRequest } from 'passport-sms-otp/store';
import { ConsoleProvider, SmsOtpStrategy, createProvider, providerFromEnv, type SmsProvider } from 'passport-sms-otp';
// @ts-expect-error The store's types live under passport-sms-otp/store only.
import type { OtpStore as NotAtTheRoot } from 'passport-sms-otp';
// @ts-expect-error Internal request shapes are not exported.
import type { RequestLike } from 'passport-sms-otp';

const inner = new MemoryOtpStore();
const counting: OtpStore = Object.assign(Object.create(inner) as OtpStore, {
  async reserveSend(request: SendRequest): Promise<SendDecision> {
    return inner.reserveSend(request);
  },
});
const redisOptions: RedisOtpStoreOptions = { client: {}, prefix: 'app:' };

interface User { id: string; phone: string }
const provider: SmsProvider = providerFromEnv() ?? createProvider.fromEnv() ?? new ConsoleProvider();
const strategy = new SmsOtpStrategy<User>({
  provider,
  store: counting,
  getMobile: (user) => user.phone,
  enrollment: { saveMobile: (user, mobile) => { user.phone = mobile; }, isAllowed: (_mobile, user) => user.id !== '' },
});
void strategy.forgetDevices({ id: '1', phone: '+12015550123' });
// @ts-expect-error A user of another shape is refused.
void strategy.forgetDevices({ name: 'x' });
export { RedisOtpStore, redisOptions };
`;

describe('the published package', () => {
  beforeAll(() => {
    if (!existsSync(path.join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: npm test builds it first (npm run build)');
  });

  it('serves require() with the public names', () => {
    const output = execFileSync(process.execPath, ['-e', "const p = require('passport-sms-otp'); console.log(JSON.stringify(Object.keys(p).sort()), p.Strategy === p.SmsOtpStrategy)"], { cwd: root, encoding: 'utf8' });
    const [names, aliasMatches] = output.trim().split(' ');
    expect(JSON.parse(names)).toEqual(expect.arrayContaining(['SmsOtpStrategy', 'Strategy', 'ConsoleProvider', 'MemoryOtpStore', 'SmsSendError', 'InvalidOptionError']));
    expect(aliasMatches).toBe('true');
  });

  it('serves import with named exports', () => {
    const script = "import { SmsOtpStrategy, Strategy, ConsoleProvider } from 'passport-sms-otp'; console.log(typeof SmsOtpStrategy, Strategy === SmsOtpStrategy, typeof ConsoleProvider)";
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(output.trim()).toBe('function true function');
  });

  it('serves the store subpath to require() and import', () => {
    const required = execFileSync(process.execPath, ['-e', "console.log(Object.keys(require('passport-sms-otp/store')).sort().join(' '))"], { cwd: root, encoding: 'utf8' });
    expect(required.trim()).toBe('MemoryOtpStore RedisOtpStore');
    const script = "import { MemoryOtpStore, RedisOtpStore } from 'passport-sms-otp/store'; import { MemoryOtpStore as Root } from 'passport-sms-otp'; console.log(typeof MemoryOtpStore, typeof RedisOtpStore, Root === MemoryOtpStore)";
    const imported = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(imported.trim()).toBe('function function true');
  });

  it('exports what a user writes, and no internals', () => {
    const output = execFileSync(process.execPath, ['-e', "console.log(Object.keys(require('passport-sms-otp')).sort().join(' '))"], { cwd: root, encoding: 'utf8' });
    expect(output.trim().split(' ')).toEqual([
      'ConsoleProvider', 'CustomHttpProvider', 'DEFAULT_MESSAGES', 'InvalidOptionError', 'MemoryOtpStore', 'OtpStoreUnavailableError', 'RedisOtpStore',
      'SmsOtpError', 'SmsOtpStrategy', 'SmsSendError', 'Strategy', 'TwilioProvider', 'VonageProvider', 'createProvider', 'partialsDir', 'providerFromEnv', 'smsOtpMetrics', 'smsSegments',
    ]);
  });

  describe('types, as an app type-checks them under strict', () => {
    const temp = repoTempDir('consumer');
    afterAll(() => temp.remove());

    it('compiles a store of its own and a typed user (moduleResolution node16, through exports)', () => {
      const file = path.join(temp.dir, 'consumer.ts');
      writeFileSync(file, CONSUMER);
      expect(typeCheck(file, 'node16')).toBe('');
    });

    it('finds the subpath under moduleResolution node10 too, through typesVersions', () => {
      // node10 knows neither exports nor a package's own name: install it, as npm would.
      const project = path.join(temp.dir, 'node10');
      mkdirSync(path.join(project, 'node_modules'), { recursive: true });
      symlinkSync(root, path.join(project, 'node_modules', 'passport-sms-otp'), 'dir');
      const file = path.join(project, 'consumer.ts');
      writeFileSync(file, CONSUMER);
      expect(typeCheck(file, 'node10')).toBe('');
    });
  });

  it('ships dist/, views/, README, LICENSE and type declarations only', () => {
    const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
    const files: string[] = pack.files.map((file: { path: string }) => file.path);
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'views/sms-otp.ejs', 'views/partials/sms-otp-content.ejs', 'dist/index.js', 'dist/index.mjs', 'dist/index.d.ts', 'dist/store/index.js', 'dist/store/index.mjs', 'dist/store/index.d.ts']),
    );
    const unexpected = files.filter((file) => !/^(package\.json|README\.md|LICENSE|views\/(partials\/)?[\w-]+\.ejs|dist\/[\w/]+\.(js|mjs|d\.ts))$/.test(file));
    expect(unexpected).toEqual([]);
  });

  it('runs no script when installed, and builds when packed', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { scripts } = require('../package.json') as { scripts: Record<string, string> };
    expect(Object.keys(scripts).filter((name) => /^(pre|post)?install$|^prepare$/.test(name))).toEqual([]);
    expect(scripts.prepack).toBe('npm run build');
  });

  it('keeps Express types out of its runtime dependencies', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const manifest = require('../package.json') as { dependencies: Record<string, string>; peerDependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith('@types/'))).toEqual([]);
    expect(manifest.peerDependencies.passport).toBeDefined();
  });
});
