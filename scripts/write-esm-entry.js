// Writes dist/index.mjs, the ES module entry point: it re-exports the CommonJS build by name,
// so `import { SmsOtpStrategy } from 'passport-sms-otp'` works without relying on export detection.
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');
const names = Object.keys(require(path.join(dist, 'index.js'))).filter((name) => name !== '__esModule');
const source = [
  "import cjs from './index.js';",
  '',
  ...names.map((name) => `export const ${name} = cjs.${name};`),
  'export default cjs;',
  '',
].join('\n');
fs.writeFileSync(path.join(dist, 'index.mjs'), source);
