// Bundles the worker-thread entry to dist/worker.mjs (Next's bundler does not handle worker_threads
// reliably), with its dependencies inlined and what nothing uses left out (scripts/esbuild-shared.mjs):
// V8 keeps the source text of every loaded module, and client-node's generated API clients and
// models alone held some 12 MB of the worker's heap when they resolved from node_modules.
// Native packages stay external. `--all` also minifies (the container image); otherwise the bundle
// keeps names and a source map for readable stack traces.
import { build } from 'esbuild';
import { ALIASES, clientNodeTreeShaken, NATIVE_EXTERNALS, noZodLocales, REQUIRE_BANNER } from './esbuild-shared.mjs';

const all = process.argv.includes('--all');
await build({
  entryPoints: ['server/worker/entry.ts'],
  outfile: 'dist/worker.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: NATIVE_EXTERNALS,
  alias: ALIASES,
  plugins: [noZodLocales, clientNodeTreeShaken],
  ...(all ? { minify: true } : { sourcemap: true }),
  logLevel: 'warning',
  banner: { js: REQUIRE_BANNER },
});
console.log(`built dist/worker.mjs${all ? ' (minified)' : ''}`);
