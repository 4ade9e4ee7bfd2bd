/** Relay tests: TypeScript under test/ (mirrors webhook-relay/src), run with ts-jest. */
module.exports = {
  displayName: 'relay',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/gates/', '<rootDir>/test/bench/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }]
  },
  testTimeout: 30000
};
