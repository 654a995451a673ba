import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..');

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

  it('ships dist/, views/, README, LICENSE and type declarations only', () => {
    const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
    const files: string[] = pack.files.map((file: { path: string }) => file.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'views/sms-otp.ejs', 'dist/index.js', 'dist/index.mjs', 'dist/index.d.ts']));
    const unexpected = files.filter((file) => !/^(package\.json|README\.md|LICENSE|views\/[\w-]+\.ejs|dist\/[\w/]+\.(js|mjs|d\.ts))$/.test(file));
    expect(unexpected).toEqual([]);
  });

  it('keeps Express types out of its runtime dependencies', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const manifest = require('../package.json') as { dependencies: Record<string, string>; peerDependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith('@types/'))).toEqual([]);
    expect(manifest.peerDependencies.passport).toBeDefined();
  });
});
