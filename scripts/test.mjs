// `npm test`: type-check, lint, build the app (browser tests drive it), then run every vitest
// suite and close with one line "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { buildIfStale } from './build-if-stale.mjs';

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

function step(name, cmd, args) {
  console.log(`\n== ${name}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`${name} failed`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

step('typecheck', 'node_modules/.bin/tsc', ['--noEmit']);
step('lint', 'node_modules/.bin/eslint', ['.', '--max-warnings=0']);
buildIfStale();

mkdirSync('test-results', { recursive: true });
const filters = process.argv.slice(2);
console.log('\n== vitest');
const run = spawnSync(
  'node_modules/.bin/vitest',
  ['run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json', ...filters],
  { stdio: 'inherit', env },
);

let summary = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 };
try {
  summary = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
} catch {
  summary.numFailedTests = 1;
}
const skipped = summary.numPendingTests + summary.numTodoTests;
const failed = summary.numFailedTests + (run.status !== 0 && summary.numFailedTests === 0 ? 1 : 0);
console.log(`\n${summary.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
// A skipped test is not a pass: the suite fails when anything was skipped.
process.exit(failed > 0 || skipped > 0 || summary.numPassedTests === 0 ? 1 : 0);
