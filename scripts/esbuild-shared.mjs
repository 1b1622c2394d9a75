// What both bundles (dist/worker.mjs and dist/cli) share: native packages left external, the
// createRequire banner for the CommonJS packages inlined into an ES module, and two plugins that
// leave out code nothing uses. Hand-written: each is a few lines of esbuild's plugin API.
/**
 * zod's namespace re-exports its 40-odd translations of error messages (`z.locales`), which the
 * bundles never use (their messages are English, imported by zod's schemas directly): leaving
 * them out takes about 150 KB off what every speaker and controller parses at start.
 */
export const noZodLocales = {
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
 * itself free of side effects, so esbuild keeps all of it (some 300 KB minified) although ironlb
 * uses only KubeConfig, Watch, ApiException and the request classes. Its modules only define
 * classes and functions at load, so marking them side-effect free lets esbuild leave out what
 * nothing imports.
 */
export const clientNodeTreeShaken = {
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

export const NATIVE_EXTERNALS = ['better-sqlite3', 'argon2', 'bufferutil', 'utf-8-validate'];
export const REQUIRE_BANNER =
  "import { createRequire as __ironlbCreateRequire } from 'node:module'; const require = __ironlbCreateRequire(import.meta.url);";

/** whatwg-url (through node-fetch) is replaced by Node's own URL: scripts/shims/whatwg-url.mjs. */
export const ALIASES = { 'whatwg-url': './scripts/shims/whatwg-url.mjs' };
