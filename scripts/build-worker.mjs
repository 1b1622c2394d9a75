// Bundles the worker-thread entry to dist/worker.mjs (Next's bundler does not handle worker_threads
// reliably). By default dependencies stay external and resolve from node_modules at run time;
// `--all` inlines them too (the container image, whose node_modules holds only what Next traced
// and the native packages).
import { build } from 'esbuild';

const all = process.argv.includes('--all');
await build({
  entryPoints: ['server/worker/entry.ts'],
  outfile: 'dist/worker.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  ...(all ? { external: ['better-sqlite3', 'argon2', 'bufferutil', 'utf-8-validate'], minify: true } : { packages: 'external', sourcemap: true }),
  logLevel: 'warning',
  banner: { js: "import { createRequire as __ironlbCreateRequire } from 'node:module'; const require = __ironlbCreateRequire(import.meta.url);" },
});
console.log(`built dist/worker.mjs${all ? ' (dependencies inlined)' : ''}`);
