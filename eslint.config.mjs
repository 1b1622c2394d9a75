// Lint rules that hold the layering of docs/architecture.md ("Layers") and docs/style.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeOnly = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'crypto', 'worker_threads'];

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'dist/', '.ironlb/', '.cache/', 'native/build/', 'next-env.d.ts', 'test-results/'] },
  js.configs.recommended,
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: { ...globals.node } } },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // Names from the cluster reach the page: they must render as text, never as HTML.
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'render cluster data as text' },
      ],
    },
  },
  {
    // lib/ is pure and isomorphic: no I/O, no clock, no randomness, no Kubernetes client.
    files: ['lib/**/*.ts'],
    ignores: ['lib/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeOnly, message: 'lib/ runs in the browser too: no Node modules.' },
            { group: ['@kubernetes/client-node'], message: 'only server/kube imports client-node.' },
            { group: ['@/server/*', '**/server/*', '@/app/*', '@/components/*'], message: 'lib/ imports only lib/.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'lib/ does no I/O.' },
        { name: 'setTimeout', message: 'lib/ has no timers: pass time in.' },
        { name: 'setInterval', message: 'lib/ has no timers: pass time in.' },
        { name: 'process', message: 'lib/ is isomorphic.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'lib/ has no clock: pass time in.' },
        { object: 'Math', property: 'random', message: 'lib/ has no randomness: pass it in.' },
      ],
    },
  },
  {
    // Only server/kube talks to Kubernetes through client-node.
    files: ['app/**/*.ts', 'app/**/*.tsx', 'server/**/*.ts'],
    ignores: ['server/kube/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@kubernetes/client-node'], message: 'only server/kube imports client-node.' }] },
      ],
    },
  },
  {
    // The controller and the speaker run as their own processes on a real cluster: they reach the
    // API only through server/kube, never the embedded API server or the embedded cluster.
    // (A later block's no-restricted-imports replaces an earlier one's, so client-node is here too.)
    files: ['server/controller/**/*.ts', 'server/speaker/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@kubernetes/client-node'], message: 'only server/kube imports client-node.' },
            { group: ['**/apiserver', '**/apiserver/*', '**/embedded', '**/embedded/*', '@/server/apiserver*', '@/server/embedded*'], message: 'the controller and the speaker never import the embedded API server or cluster: they talk to an API server through server/kube.' },
          ],
        },
      ],
    },
  },
  {
    // server/host runs in the Next process; the dashboard's reads and writes run in the worker
    // thread. The host reaches the worker only through its messages and lib/contract's operations.
    files: ['server/host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@kubernetes/client-node'], message: 'only server/kube imports client-node.' },
            {
              group: ['**/worker/*', '!**/worker/protocol', '**/dashboard/*', '**/kube', '**/kube/*', '**/controller/*', '**/speaker/*', '**/embedded/*', '**/apiserver/*'],
              message: 'server/host (the Next process) talks to the worker thread through server/worker/protocol and lib/contract only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The worker thread never reaches back into the Next process's side.
    files: ['server/worker/**/*.ts', 'server/dashboard/**/*.ts', 'server/history/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@kubernetes/client-node'], message: 'only server/kube imports client-node.' },
            { group: ['**/host/*', '@/server/host/*'], message: 'the worker thread never imports server/host (the Next process side).' },
          ],
        },
      ],
    },
  },
  {
    // components/ never reach into the server.
    files: ['components/**/*.ts', 'components/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/server/*', '**/server/*'], message: 'components/ never imports server/.' },
            { group: ['@kubernetes/client-node'], message: 'only server/kube imports client-node.' },
          ],
        },
      ],
    },
  },
);
