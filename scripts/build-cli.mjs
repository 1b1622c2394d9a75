// Bundles the `ironlb` command (server/cli) to dist/cli/ironlb.mjs with esbuild: every
// dependency inlined, so nothing is transpiled or resolved from TypeScript at run time (the
// container image runs it with plain node). Split per command, so `ironlb speaker` loads neither
// the embedded API server nor SQLite. Native packages stay external: better-sqlite3 and argon2
// (node_modules), and the AF_PACKET addon (native/build, found from the bundle's directory).
// IRONLB_BUNDLE_MINIFY=0 keeps names and lines readable for a CPU profile of a start-up.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

/**
 * zod's namespace re-exports its 40-odd translations of error messages (`z.locales`), which the
 * CLI never uses (its messages are English, imported by zod's schemas directly): leaving them out
 * takes about 150 KB off what every speaker and controller parses at start.
 */
const noZodLocales = {
  name: 'no-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes('/node_modules/zod/')
        ? { path: 'zod-locales', namespace: 'no-zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'no-zod-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/**
 * client-node's index re-exports every generated API and model, and the package does not declare
 * itself free of side effects, so esbuild keeps all of it (some 300 KB) although the CLI uses only
 * KubeConfig, Watch and ApiException. Its modules only define classes and functions at load, so
 * marking them side-effect free lets esbuild leave out what nothing imports.
 */
const clientNodeTreeShaken = {
  name: 'client-node-tree-shaken',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (
        args.pluginData === 'resolving' ||
        !(
          args.importer.includes('/@kubernetes/client-node/') ||
          args.path.startsWith('@kubernetes/client-node')
        )
      )
        return undefined;
      const r = await b.resolve(args.path, {
        resolveDir: args.resolveDir,
        kind: args.kind,
        importer: args.importer,
        pluginData: 'resolving',
      });
      return r.errors.length > 0 || !r.path.includes('/@kubernetes/client-node/')
        ? undefined
        : { ...r, sideEffects: false };
    });
  },
};

const NATIVE_EXTERNALS = ['better-sqlite3', 'argon2', 'bufferutil', 'utf-8-validate'];
const REQUIRE_BANNER =
  "import { createRequire as __ironlbCreateRequire } from 'node:module'; const require = __ironlbCreateRequire(import.meta.url);";

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
  alias: { 'whatwg-url': './scripts/shims/whatwg-url.mjs' },
  plugins: [noZodLocales, clientNodeTreeShaken],
  banner: { js: REQUIRE_BANNER },
  logLevel: 'warning',
});
console.log('built dist/cli/ironlb.mjs');
