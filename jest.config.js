/** LWC tests (sfdx-lwc-jest reads this file): bundles under force-app, tests in each bundle's __tests__. */
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  ...jestConfig,
  displayName: 'lwc',
  roots: ['<rootDir>/force-app'],
  modulePathIgnorePatterns: ['<rootDir>/.localdevserver'],
  setupFilesAfterEnv: ['<rootDir>/jest.lwc.setup.js']
};
