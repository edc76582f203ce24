/** End-to-end tests: the built console in Debian's Chromium (playwright-core),
 * against the local platform started in the test process. Same ts-jest setup
 * as jest.config.js. `npx jest -c jest.e2e.config.js`; docs/console-deployment.md. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
  moduleNameMapper: {
    '^@middy/([a-z-]+)$': '<rootDir>/node_modules/@middy/$1/index.js',
  },
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  transformIgnorePatterns: ['node_modules/(?!(@middy|jose)/)'],
  globalSetup: '<rootDir>/test/e2e/support/global-setup.ts',
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
  // Each file starts its own platform and browser; two at a time keeps the machine responsive.
  maxWorkers: 2,
  testTimeout: 60000,
};
