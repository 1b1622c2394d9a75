// Builds the worker bundle and the Next app when they are missing or older than the sources.
import { spawnSync } from 'node:child_process';
import { newestMtime } from './newest-mtime.mjs';

const SOURCE_DIRS = ['app', 'components', 'lib', 'server', 'public'];
const SOURCE_FILES = ['package.json', 'next.config.ts', 'instrumentation.ts', 'postcss.config.mjs', 'tsconfig.json'];

export function buildIfStale({ quiet = false } = {}) {
  const sources = Math.max(...SOURCE_DIRS.map(newestMtime), ...SOURCE_FILES.map(newestMtime));
  const built = Math.min(newestMtime('.next/BUILD_ID') || 0, newestMtime('dist/worker.mjs') || 0);
  if (built && built >= sources) {
    if (!quiet) console.log('ironlb: build is up to date');
    return;
  }
  console.log('ironlb: building (worker bundle + Next.js app)...');
  const result = spawnSync('npm', ['run', '--silent', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    console.error('ironlb: build failed');
    process.exit(result.status ?? 1);
  }
}
