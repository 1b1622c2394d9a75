// Stands in for the `whatwg-url` package in the bundles (scripts/esbuild-shared.mjs). Its only
// importer, node-fetch 2 (under @kubernetes/client-node), uses it only where `require('url').URL`
// is missing, which never happens on Node 20; the real package would add 290 KB of Unicode tables
// (tr46) to parse at every speaker and controller start.
export const URL = globalThis.URL;
export default { URL };
