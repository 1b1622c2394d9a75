// A controller in its own process, so a fault scenario can kill it -9:
// `node --import tsx controller-main.ts KUBECONFIG IDENTITY LEASE_MS`. Prints "leading" when it
// leads and "ready" after its first pass; stops cleanly on SIGTERM.
import pino from 'pino';
import { createController } from '../../../server/controller';
import { createKube } from '../../../server/kube';
import { NS } from '../../support/cluster';

const [kubeconfigPath, identity, leaseMs] = process.argv.slice(2);
const kube = createKube({ kubeconfigPath });
const ac = new AbortController();
process.once('SIGTERM', () => ac.abort());
const controller = createController({
  kube, systemNamespace: NS, identity, leaseDurationMs: Number(leaseMs), renewMs: Math.max(100, Number(leaseMs) / 5),
  logger: pino({ level: 'warn' }, pino.destination(2)),
});
const done = controller.start(ac.signal);
const leading = setInterval(() => {
  if (!controller.isLeader()) return;
  clearInterval(leading);
  process.stdout.write('leading\n');
}, 10);
void controller.waitReady(ac.signal).then((ok) => ok && process.stdout.write('ready\n'));
await done;
clearInterval(leading);
