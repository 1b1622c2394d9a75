// `npm start`: build if needed, then serve the dashboard (embedded cluster unless one is configured).
import { spawn } from 'node:child_process';
import { buildIfStale } from './build-if-stale.mjs';

buildIfStale();
const port = process.env.PORT ?? '3000';
const host = process.env.IRONLB_HOST ?? '127.0.0.1';
console.log(`ironlb: dashboard on http://localhost:${port}`);
// scripts/serve.mjs: Next's handler behind a server with header/idle timeouts and the real peer address.
const child = spawn(process.execPath, ['scripts/serve.mjs', '-p', port, '-H', host], {
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
