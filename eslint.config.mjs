// Lint: typescript-eslint's recommended rules plus the layering of DESIGN.md,
// enforced with no-restricted-imports per folder (imports only go down):
//   renderer never imports main/; only main/app/ imports electron;
//   index/ never imports app/, serve/, analysis/ or report/; analysis/ never imports app/ or serve/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electron = { name: 'electron', message: 'Only main/app/ may import electron (keep it a thin adapter).' };
const pattern = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'examples/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electron] }],
    },
  },
  {
    files: ['main/app/**/*.ts', 'test/e2e/electron*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [pattern(['**/main/**', 'node:*'], 'The renderer talks only to window.leakscope (preload/contract.ts); it never imports main/ or Node.')] }],
    },
  },
  {
    files: ['main/index/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [pattern(['**/app/**', '**/serve/**', '**/analysis/**', '**/report/**', '**/renderer/**'], 'index/ is the bottom layer: it never imports app/, serve/, analysis/, report/ or renderer/.')] }],
    },
  },
  {
    files: ['main/analysis/**/*.ts', 'main/report/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [pattern(['**/app/**', '**/serve/**', '**/renderer/**'], 'analysis/ and report/ never import app/, serve/ or renderer/.')] }],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [pattern(['**/main/**', '**/renderer/**'], 'preload/ holds the contract and the bridge only.')] }],
    },
  },
  {
    files: ['preload/preload.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', __dirname: 'readonly', module: 'writable', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
