// ESLint flat config: the Salesforce LWC rules for Lightning bundles, typescript-eslint
// for the relay and its tests, plain recommended rules for the build scripts.
import js from '@eslint/js';
import lwcConfig from '@salesforce/eslint-config-lwc';
import jestPlugin from 'eslint-plugin-jest';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const lwcFiles = ['force-app/**/lwc/**/*.js', 'preview/client/modules/**/*.js'];
const scope = (configs, files) => configs.map((config) => ({ ...config, files }));

export default [
  {
    ignores: [
      'node_modules/**',
      'coverage/**',
      '.sf/**',
      '.sfdx/**',
      '.relay-data/**',
      'dist/**',
      'bench-results/**',
      'test/gates/fixtures/**',
      'force-app/**/staticresources/**'
    ]
  },
  ...scope(lwcConfig.configs.recommended, lwcFiles),
  {
    files: ['force-app/**/lwc/**/__tests__/**/*.js', 'force-app/**/lwc/**/*.test.js'],
    ...jestPlugin.configs['flat/recommended'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: { ...jestPlugin.configs['flat/recommended'].rules, '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off' }
  },
  ...scope(
    [js.configs.recommended, ...tseslint.configs.recommended],
    ['webhook-relay/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'preview/**/*.ts']
  ),
  {
    files: ['webhook-relay/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'preview/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } }
  },
  {
    files: ['preview/client/{main.js,shims/**/*.js,shell/**/*.js}', 'webhook-relay/src/console/assets/**/*.js'],
    ...js.configs.recommended,
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    files: ['scripts/**/*.mjs', '*.js', '*.mjs', 'webhook-relay/**/*.mjs', 'test/**/*.mjs', 'test/**/*.js'],
    ...js.configs.recommended,
    languageOptions: { globals: { ...globals.node } }
  }
];
