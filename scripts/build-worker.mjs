// Bundles the worker-thread entry to dist/worker.mjs (Next's bundler does not handle worker_threads
// reliably). Dependencies stay external and resolve from node_modules at run time.
import { build } from 'esbuild';

await build({
  entryPoints: ['server/worker/entry.ts'],
  outfile: 'dist/worker.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __ironlbCreateRequire } from 'node:module'; const require = __ironlbCreateRequire(import.meta.url);" },
});
console.log('built dist/worker.mjs');
