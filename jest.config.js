// @vonage/server-sdk requires ESM-only packages (node-fetch 3, uuid); Node loads them with
// require(esm), Jest (before Node 24.9) cannot, so tests compile them to CommonJS.
const esmOnly = '(node-fetch|fetch-blob|formdata-polyfill|data-uri-to-buffer|uuid)';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/node/ holds the node:test files (`npm test` runs them after jest, with node --test).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/node/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    [`^.+/node_modules/${esmOnly}/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!${esmOnly}/)`],
  testTimeout: 20000,
};
