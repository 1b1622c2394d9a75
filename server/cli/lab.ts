// `ironlb lab [--data-dir D] [--port P] [--api-only]`: the embedded cluster without the dashboard,
// so kubectl alone shows the whole story. Runs until SIGINT/SIGTERM.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readEnv } from '../env';
import { startEmbeddedCluster } from '../embedded/cluster';

const USAGE = `usage: ironlb lab [--data-dir DIR] [--port PORT] [--api-only] [--no-seed] [--no-webhooks]

Runs the embedded cluster without the dashboard: the Kubernetes-compatible API server, the controller
and one simulated speaker per Node, so kubectl alone shows the whole story. Prints the kubeconfig to
use; runs until SIGINT or SIGTERM. The port and the CA stay the same per data dir across restarts.

  --data-dir DIR   where the cluster lives (default: $IRONLB_DATA_DIR or ./.ironlb)
  --port PORT      API server port (default: $IRONLB_API_PORT; 0 = the data dir's last port, else any free one)
  --api-only       the API server alone: no controller, no speakers
  --no-seed        do not seed the demo cluster on a fresh data dir
  --no-webhooks    run no MetalLB webhook, like a real cluster with ironlb installed: an invalid
                   configuration reaches the controller (ConfigurationState), not a refusal
  -h, --help       this text
`;

export async function runLab(args: string[]): Promise<number> {
  const env = readEnv();
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        'data-dir': { type: 'string', default: env.IRONLB_DATA_DIR },
        port: { type: 'string', default: String(env.IRONLB_API_PORT) },
        'api-only': { type: 'boolean', default: false },
        'no-seed': { type: 'boolean', default: false },
        'no-webhooks': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    process.stderr.write(`ironlb lab: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
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
    webhooks: !values['no-webhooks'],
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
