/** Three projects: fast unit tests (pure code, beside it), integration/e2e tests against the real
 *  Kafka broker and PostgreSQL (tests/), and the match centre in a real browser (tests/). */
const moduleNameMapper = {
  '^@touchline/(domain|event-store|read-models|platform|testkit|api-client)$':
    '<rootDir>/libs/$1/src/index.ts',
};
const transform = { '^.+\\.ts$': ['@swc/jest'] };

module.exports = {
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.unit.spec.ts', '<rootDir>/apps/**/*.unit.spec.ts'],
      transform,
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/**/*.int.spec.ts', '<rootDir>/tests/**/*.e2e.spec.ts'],
      transform,
      moduleNameMapper,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
    {
      // The match centre driven in a real Chromium (installed from the machine's packages).
      displayName: 'browser',
      testMatch: ['<rootDir>/tests/**/*.browser.spec.ts'],
      transform,
      moduleNameMapper,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/tests/support/browser-setup.ts',
    },
  ],
};
