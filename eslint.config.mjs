import tseslint from 'typescript-eslint';

// The core (src/) runs under plain Node: it must never reach for Electron, React or the DOM.
const coreBoundary = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['electron', 'electron/*'], message: 'src/ is the core: it never imports Electron.' },
        { group: ['react', 'react-dom', 'react-dom/*', 'react/*', 'zustand', 'zustand/*', 'i18next', 'react-i18next'], message: 'src/ is the core: it never imports React or UI libraries.' },
        { group: ['**/renderer/**', '**/electron/**'], message: 'src/ never imports from the shells.' },
      ],
    },
  ],
  'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage'],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-results/**', 'playwright-report/**', 'coverage/**', 'bin/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  { files: ['src/**/*.ts'], rules: coreBoundary },
  // A promise nobody awaits hides its failure until it kills the process (issue 13: the sync
  // engine's `void this.run()` ended the desk server on a damaged database). Typed, so src only.
  {
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }] },
  },
  // The renderer talks to the core only through the API client: no SQL, no Node, no Electron.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'better-sqlite3', 'node:*', 'fs', 'path'], message: 'The renderer reaches the core only through renderer/api.ts.' },
            { group: ['**/src/db/**', '**/src/services/**', '**/src/server/**', '**/src/sync/**'], message: 'The renderer reaches the core only through the API contract.' },
          ],
        },
      ],
    },
  },
);
