/** Browser tests of the local LWC preview (test/e2e): real Chromium via playwright-core, run with ts-jest. */
module.exports = {
  displayName: 'e2e',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }]
  },
  // The first run builds the bundles with rollup (~30 s on two cores); later runs reuse .tmp/preview-build.
  testTimeout: 120000,
  maxWorkers: 1
};
