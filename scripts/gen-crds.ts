// `npm run gen:crds`: writes deploy/crds/<plural>.yaml from lib/crds (the one source of the
// schemas). `--check` exits 1 when a file differs, naming it (a test runs that).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crdFiles } from '../lib/crds';

const root = join(import.meta.dirname, '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const file of crdFiles()) {
  const path = join(root, 'deploy', 'crds', file.name);
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // missing: written below, or reported as stale
  }
  if (current === file.text) continue;
  if (check) {
    console.error(`deploy/crds/${file.name} is out of date: run npm run gen:crds`);
    stale++;
  } else {
    writeFileSync(path, file.text);
    console.log(`wrote deploy/crds/${file.name}`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
