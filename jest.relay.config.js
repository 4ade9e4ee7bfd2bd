/** Relay tests: TypeScript under test/ (mirrors webhook-relay/src), run with ts-jest. */
module.exports = {
  displayName: 'relay',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/test/gates/',
    '<rootDir>/test/bench/',
    '<rootDir>/test/e2e/',
    '<rootDir>/test/chaos/'
  ],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }]
  },
  globalSetup: '<rootDir>/test/support/postgres-global-setup.ts',
  testTimeout: 30000
};
