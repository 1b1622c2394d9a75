// CLI: `npx tsx server/apiserver/main.ts --data-dir D --port P` runs the embedded API server alone and
// prints the kubeconfig path on stdout. Stops on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import pino from 'pino';
import { startApiServer } from './index';

async function main() {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, port: { type: 'string' } },
    strict: true,
  });
  const dataDir = values['data-dir'] ?? process.env.IRONLB_DATA_DIR ?? './.ironlb';
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}`);
  const controller = new AbortController();
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
  const server = await startApiServer({ dataDir, port, signal: controller.signal, logger });
  process.stdout.write(`${server.kubeconfigPath}\n`);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort());
}

main().catch((e: unknown) => {
  process.stderr.write(`ironlb apiserver: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
