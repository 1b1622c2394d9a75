#!/usr/bin/env node
// Builds native/ (the AF_PACKET addon the real speaker needs) with node-gyp. Never fails an
// install: the dashboard's embedded mode runs on the virtual L2 segment without the addon.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = join(root, 'native');

function skip(reason) {
  console.log(`ironlb: native AF_PACKET addon not built (${reason}); the virtual L2 segment still works.`);
  process.exit(0);
}

if (process.platform !== 'linux') skip(`${process.platform} has no AF_PACKET`);
if (process.env.IRONLB_SKIP_NATIVE === '1') skip('IRONLB_SKIP_NATIVE=1');

let gyp;
try {
  gyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
} catch {
  skip('node-gyp is not installed');
}

const env = { ...process.env };
// Node installs (distro packages in /usr, official tarballs, nvm) ship their headers in
// <prefix>/include/node: use them instead of downloading a tarball (no network in CI).
const prefix = dirname(dirname(process.execPath));
if (!env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node_version.h'))) {
  env.npm_config_nodedir = prefix;
}

const result = spawnSync(process.execPath, [gyp, 'rebuild'], { cwd: nativeDir, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
if (result.status !== 0) {
  const lines = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.split('\n').filter((l) => /error/i.test(l));
  skip(`node-gyp failed: ${(lines[0] ?? result.error?.message ?? 'unknown error').trim()}`);
}
console.log('ironlb: native AF_PACKET addon built: native/build/Release/ironlb_packet.node');
