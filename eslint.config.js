import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Architecture is enforced here: client/ and server/ never import each other, shared/ imports
// neither, and shared/ stays free of Node built-ins so it runs in the browser too.
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'client/dist/**', 'scratch/**', 'data/**', 'fixtures/city/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Worker threads written as plain CommonJS so every runner (node, tsx, vitest) loads them as is.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/src/**/*.ts'],
    ignores: ['shared/src/**/*.test.ts'],
    rules: restrict([
      { group: ['**/server/**', '**/client/**'], message: 'shared/ must not import client/ or server/.' },
      { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'http'], message: 'shared/ runs in the browser: no Node built-ins.' },
    ]),
  },
  {
    files: ['shared/src/**/*.test.ts'],
    rules: restrict([{ group: ['**/server/**', '**/client/**'], message: 'shared/ must not import client/ or server/.' }]),
  },
  {
    files: ['server/**/*.ts'],
    rules: restrict([{ group: ['**/client/**'], message: 'server/ must not import client/.' }]),
  },
  {
    files: ['client/**/*.ts', 'client/**/*.tsx'],
    rules: restrict([{ group: ['**/server/**'], message: 'client/ must not import server/.' }]),
  },
  // The screens are feature folders; what they share lives above them and never reaches back into one.
  ...['wall', 'desk', 'lead'].map((screen) => ({
    files: [`client/src/${screen}/**/*.ts`, `client/src/${screen}/**/*.tsx`],
    rules: restrict([
      { group: ['**/server/**'], message: 'client/ must not import server/.' },
      {
        group: ['wall', 'desk', 'lead'].filter((s) => s !== screen).map((s) => `**/${s}/**`),
        message: 'A screen does not import another screen: move what both use to a common folder of client/src/.',
      },
    ]),
  })),
  {
    files: ['client/src/*.ts', 'client/src/*.tsx', 'client/src/{live,map,area,api,charts,figures,hooks,i18n}/**/*.{ts,tsx}'],
    ignores: ['client/src/main.tsx', '**/*.test.ts'],
    rules: restrict([
      { group: ['**/server/**'], message: 'client/ must not import server/.' },
      { group: ['**/wall/**', '**/desk/**', '**/lead/**'], message: 'Common client code does not import a screen.' },
    ]),
  },
);
