import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '.cache/**', 'bench/results/**', 'test-results/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The softphone speaks to JsSIP through its sip/ adapter only (and JsSIP never reaches its public types).
    files: ['packages/softphone/src/**'],
    ignores: ['packages/softphone/src/sip/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['jssip', 'jssip/*'], message: 'Only packages/softphone/src/sip/ imports JsSIP; use its adapter.' }] },
      ],
    },
  },
  {
    // Scripts, tests and benchmarks report to the console by design.
    files: ['scripts/**', 'bench/**', 'e2e/**', '**/test/**', 'examples/**', '**/cli.ts', '**/*.config.*'],
    rules: { 'no-console': 'off' },
  },
);
