// `ironlb lab [--data-dir D] [--port P] [--api-only]`: the embedded cluster without the dashboard,
// so kubectl alone shows the whole story. Runs until SIGINT/SIGTERM.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readEnv } from '../env';
import { startEmbeddedCluster } from '../embedded/cluster';

export async function runLab(args: string[]): Promise<number> {
  const env = readEnv();
  const { values } = parseArgs({
    args,
    options: {
      'data-dir': { type: 'string', default: env.IRONLB_DATA_DIR },
      port: { type: 'string', default: String(env.IRONLB_API_PORT) },
      'api-only': { type: 'boolean', default: false },
      'no-seed': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`ironlb lab: --port must be 0..65535, got "${values.port}"\n`);
    return 1;
  }
  const dataDir = path.resolve(values['data-dir']);
  mkdirSync(dataDir, { recursive: true });
  const controller = new AbortController();
  const cluster = await startEmbeddedCluster({
    dataDir,
    apiPort: port,
    systemNamespace: env.IRONLB_SYSTEM_NAMESPACE,
    signal: controller.signal,
    seed: !values['no-seed'],
    components: !values['api-only'],
  });
  process.stdout.write(`ironlb lab: API server on ${cluster.apiUrl}\nexport KUBECONFIG=${cluster.kubeconfigPath}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  controller.abort();
  await cluster.stopped;
  return 0;
}
