// A slow API: 300 ms added to everything the API server sends (a proxy), under the controller,
// three simulated speakers and the user's own writes. Nothing may time out that should not, and
// nothing may be written twice: every service converges with one IPAllocated and one announcer.
import { setEndpoints } from '../speaker/support';
import { checkNoDuplicateWork, converged, NODES, startProxiedCluster } from './support/proxied-cluster';
import { inParallel, Tally, type FaultReport } from './support/scenario';
import { createService, deleteService } from './support/services';

export async function runSlowApi(services: number, delayMs: number): Promise<FaultReport> {
  const p = await startProxiedCluster(delayMs);
  const tally = new Tally();
  try {
    // The user's writes go through the slow API too: each must succeed once, never twice.
    const make = (i: number) => createService(p.slow, `svc-${i}`, i).then(() => setEndpoints(p.cluster.kube, `svc-${i}`, NODES));
    await inParallel(services, 8, make);
    let seen = await converged(p, 120_000);
    tally.check('converging through the slow API', { now: seen.snap, answers: seen.answers });
    for (let i = 0; i < services; i += 5) await deleteService(p.slow, `svc-${i}`);
    await inParallel(Math.ceil(services / 5), 4, (k) => make(k * 5));
    seen = await converged(p, 120_000);
    tally.check('services deleted and created again', { now: seen.snap, answers: seen.answers });
    if (!seen.done) tally.record('pending', 'services', 'not every service has an IP and one announcer two minutes after the last change');
    // Services made again under an old name have the old one's events too: only the others count.
    const silent = await checkNoDuplicateWork(p, tally, Array.from({ length: services }, (_, i) => i).filter((i) => i % 5 !== 0).map((i) => `svc-${i}`), { waitMs: 60_000, timeoutsAreWrong: true });
    if (silent.length > 0) tally.record('pending', silent.slice(0, 5).join(', '), `${silent.length} services never got their IPAllocated event`);
    tally.faults = p.proxy.chunks();
    return {
      title: `Slow API: ${delayMs} ms added to every answer`,
      did: `A TCP proxy delays every chunk the embedded API server sends by ${delayMs} ms (TLS passes through). The controller (default lease 15 s, renew 2 s) and three simulated speakers talk only through it; ${services} LoadBalancer services are created through it, then a fifth deleted and created again.`,
      checked: 'After each phase: every service has an IP and exactly one speaker announces each IP; no IP shared against the rules or outside its pool; no IP moved. Then: one IPAllocated event per service that was never deleted (no allocation done twice), no service write that changed nothing visible (a watch on a direct connection), and no "timeout" in the controller or speaker logs (warn and above).',
      faults: tally.faults,
      violations: tally.violations,
      rows: [{ name: 'delayed chunks (the "faults" figure)', value: tally.faults }, { name: 'warnings and errors logged', value: p.logs.length }],
    };
  } finally {
    await p.close();
  }
}

export default () => runSlowApi(200, 300);
