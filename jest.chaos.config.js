/** Chaos and scale-out suites: real relay processes killed under load, bounded in time (run in CI). */
const relay = require('./jest.relay.config.js');

module.exports = {
  ...relay,
  displayName: 'chaos',
  roots: ['<rootDir>/test/chaos'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 300000
};
