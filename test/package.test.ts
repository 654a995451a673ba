import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runNodeTest } from './support/nodeTestRun';
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

/** Code a user writes: a store of their own and its contract run (node:test and jest), the generic user type, the provider factories. */
const CONSUMER = `
import { describe, it } from 'node:test';
import { describe as jestDescribe, expect as jestExpect, it as jestIt } from '@jest/globals';
import { expect } from 'expect';
import { MemoryOtpStore, RedisOtpStore, type OtpStore, type RedisOtpStoreOptions, type SendDecision, type SendRequest, type StoreFeature } from 'passport-sms-otp/store';
import { describeOtpStore, type OtpStoreSuiteOptions } from 'passport-sms-otp/store/testing';
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
const features: StoreFeature[] = ['rememberDevice'];
const suiteOptions: OtpStoreSuiteOptions<MemoryOtpStore> = { features, makePeer: (store) => store };
describeOtpStore('MemoryOtpStore', () => new MemoryOtpStore(), { describe, it, expect }, suiteOptions);
describeOtpStore('counting', async () => counting, { describe: jestDescribe, it: jestIt, expect: jestExpect });
// @ts-expect-error A feature the package does not know is refused.
describeOtpStore('typo', () => counting, { describe, it, expect }, { features: ['rememberDevices'] });
// @ts-expect-error The store's own methods (rememberDevice) may be optional on OtpStore, not on the feature's interface.
void counting.checkDevice({ userId: '', deviceId: '', numberId: '', now: 0, maxAgeMs: 0 });

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
// The locale function's user is the strategy's User.
new SmsOtpStrategy<{ language: string }>({ provider, locale: (_req, user) => user.language });
// @ts-expect-error Not a field of that User.
new SmsOtpStrategy<{ language: string }>({ provider, locale: (_req, user) => user.lang });
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

  it('serves the nest subpath to require() and import, without loading NestJS', () => {
    const script = "const nest = require('passport-sms-otp/nest'); console.log(Object.keys(nest).sort().join(' '), Object.keys(require.cache).some((file) => file.includes('@nestjs')))";
    expect(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }).trim()).toBe('AfterFirstFactorGuard SmsOtpGuard false');
    const imported = "import { SmsOtpGuard } from 'passport-sms-otp/nest'; console.log(typeof SmsOtpGuard({ successRedirect: '/account', failureRedirect: '/login/sms' }))";
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', imported], { cwd: root, encoding: 'utf8' }).trim()).toBe('function');
  });

  it('serves the store contract subpath to require() and import, needing nothing outside the package', () => {
    const required = execFileSync(process.execPath, ['-e', "console.log(Object.keys(require('passport-sms-otp/store/testing')).join(' '))"], { cwd: root, encoding: 'utf8' });
    expect(required.trim()).toBe('describeOtpStore');
    const script = "import { describeOtpStore } from 'passport-sms-otp/store/testing'; console.log(typeof describeOtpStore)";
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }).trim()).toBe('function');
    // It ships in dist/ and runs under any test runner: no jest, no expect, no other devDependency.
    const dir = path.join(root, 'dist', 'store', 'testing');
    const requires = readdirSync(dir).filter((file) => file.endsWith('.js')).flatMap((file) => [...readFileSync(path.join(dir, file), 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]));
    expect(requires.filter((specifier) => !specifier.startsWith('.'))).toEqual([]);
  });

  it('runs the store contract from the built package under node:test, with the expect package, on the built MemoryOtpStore and all its features', () => {
    const result = runNodeTest(
      [
        "import { describe, it } from 'node:test';",
        "import { expect } from 'expect';",
        "import { MemoryOtpStore } from 'passport-sms-otp/store';",
        "import { describeOtpStore } from 'passport-sms-otp/store/testing';",
        "describeOtpStore('MemoryOtpStore', () => new MemoryOtpStore(), { describe, it, expect }, { features: ['rememberDevice', 'recoveryCodes', 'deliveryReceipts', 'tollFraud'] });",
      ].join('\n'),
    );
    expect(result).toMatchObject({ failed: 0, exitCode: 0 });
    expect(result.passed).toBeGreaterThan(25);
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
      expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'views/sms-otp.ejs', 'views/partials/sms-otp-content.ejs', 'dist/index.js', 'dist/index.mjs', 'dist/index.d.ts', 'dist/store/index.js', 'dist/store/index.mjs', 'dist/store/index.d.ts', 'dist/store/testing/index.js', 'dist/store/testing/index.mjs', 'dist/store/testing/index.d.ts', 'dist/nest/index.js', 'dist/nest/index.mjs', 'dist/nest/index.d.ts']),
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
