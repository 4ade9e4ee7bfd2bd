// Adds toBeAccessible() (axe) to LWC tests.
const { registerSa11yMatcher } = require('@sa11y/jest');
registerSa11yMatcher();
