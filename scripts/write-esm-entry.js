// Writes the ES module entry points (dist/index.mjs, dist/store/index.mjs,
// dist/store/testing/index.mjs, dist/nest/index.mjs): each re-exports its CommonJS build by name, so
// `import { SmsOtpStrategy } from 'passport-sms-otp'` works without relying on Node's export detection.
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');

for (const entry of ['index', 'store/index', 'store/testing/index', 'nest/index']) {
  const names = Object.keys(require(path.join(dist, `${entry}.js`))).filter((name) => name !== '__esModule');
  const source = [
    `import cjs from './${path.basename(entry)}.js';`,
    '',
    ...names.map((name) => `export const ${name} = cjs.${name};`),
    'export default cjs;',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dist, `${entry}.mjs`), source);
}
