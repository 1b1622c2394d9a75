// `npm start`: build if needed, then serve the dashboard (embedded cluster unless one is configured).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildIfStale } from './build-if-stale.mjs';

buildIfStale();
const port = process.env.PORT ?? '3000';
const host = process.env.IRONLB_HOST ?? '127.0.0.1';
console.log(`ironlb: dashboard on http://localhost:${port}`);
// scripts/serve.mjs: Next's handler behind a server with header/idle timeouts and the real peer address.
// With V8 and malloc settings that keep the heap near what is live (docs/architecture.md, "Memory at rest").
const runtime = JSON.parse(readFileSync(new URL('./dashboard-process.json', import.meta.url), 'utf8'));
const child = spawn(process.execPath, [...runtime.nodeFlags, 'scripts/serve.mjs', '-p', port, '-H', host], {
  stdio: 'inherit',
  env: { ...runtime.env, ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
