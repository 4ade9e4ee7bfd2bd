/** Tests of the quality gates themselves: each gate run on a known-bad fixture must fail and say why. */
module.exports = {
  displayName: 'gates',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/gates'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }]
  },
  testTimeout: 120000
};
