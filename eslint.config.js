// One lint config for the whole tree: eslint's and typescript-eslint's recommended rules, without type information
// (fast enough to run on every `pnpm test`); formatting is prettier's job, not eslint's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'packages/server/lib/**',
      'test/size/.entries/**',
      'test/screenshots/**',
      '.nudge/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `try { ... } catch {}` is deliberate where a storage or page API may throw and nothing may escape into the page.
      'no-empty': ['error', { allowEmptyCatch: true }],
      // `a && b()` and `c ? d() : e()` as statements are used on purpose in the shipped code to save bytes.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Tests poke at wire bodies and page globals; typing each of them would add noise, not safety.
    files: ['**/*.test.ts', 'test/**', '**/testing.ts', '**/*.test-helper.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
