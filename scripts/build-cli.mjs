// Bundles the `ironlb` command (server/cli) to dist/cli/ironlb.mjs with esbuild: every
// dependency inlined, so nothing is transpiled or resolved from TypeScript at run time (the
// container image runs it with plain node). Split per command, so `ironlb speaker` loads neither
// the embedded API server nor SQLite. Native packages stay external: better-sqlite3 and argon2
// (node_modules), and the AF_PACKET addon (native/build, found from the bundle's directory).
// IRONLB_BUNDLE_MINIFY=0 keeps names and lines readable for a CPU profile of a start-up.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { ALIASES, clientNodeTreeShaken, NATIVE_EXTERNALS, noZodLocales, REQUIRE_BANNER } from './esbuild-shared.mjs';

rmSync('dist/cli', { recursive: true, force: true }); // chunks of earlier builds would pile up
await build({
  entryPoints: { ironlb: 'server/cli/main-entry.ts' },
  outdir: 'dist/cli',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: process.env.IRONLB_BUNDLE_MINIFY !== '0',
  external: NATIVE_EXTERNALS,
  alias: ALIASES,
  plugins: [noZodLocales, clientNodeTreeShaken],
  banner: { js: REQUIRE_BANNER },
  logLevel: 'warning',
});
console.log('built dist/cli/ironlb.mjs');
