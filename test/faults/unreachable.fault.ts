// The API server unreachable (every connection dropped, new ones refused at once) for a while,
// then back: the speakers keep announcing what they announced, and the controller resumes
// without doing anything twice, serving the services created meanwhile.
import { setEndpoints } from '../speaker/support';
import { announcers, checkNoDuplicateWork, converged, NODES, startProxiedCluster } from './support/proxied-cluster';
import { inParallel, snapshotCluster, Tally, type FaultReport } from './support/scenario';
import { createService } from './support/services';

export async function runUnreachable(services: number, outageMs: number): Promise<FaultReport> {
  const p = await startProxiedCluster(0);
  const tally = new Tally();
  const make = (i: number) => createService(p.cluster.kube, `svc-${i}`, i).then(() => setEndpoints(p.cluster.kube, `svc-${i}`, NODES));
  let probes = 0;
  try {
    await inParallel(services, 8, make);
    const before = await converged(p, 60_000);
    tally.check('converging', { now: before.snap, answers: before.answers });
    p.proxy.cut();
    tally.faults++;
    // Meanwhile the user keeps working (directly): these wait for the controller's return.
    await inParallel(10, 4, (k) => make(services + k));
    const end = Date.now() + outageMs;
    while (Date.now() < end) {
      probes++;
      const now = announcers(p, before.snap.services);
      for (const [ip, nodes] of now) {
        if (nodes.join() !== before.answers.get(ip)?.join()) tally.record('answerers', ip, `announced by ${nodes.join(', ') || 'nobody'} during the outage, before by ${before.answers.get(ip)?.join(', ')}`);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    tally.check('the outage', { now: await snapshotCluster(p.cluster.kube), answers: announcers(p, before.snap.services) });
    p.proxy.restore();
    const after = await converged(p, 120_000);
    tally.check('the API coming back', { now: after.snap, answers: after.answers });
    if (!after.done) tally.record('pending', 'services', 'not every service has an IP and one announcer two minutes after the API came back');
    const silent = await checkNoDuplicateWork(p, tally, Array.from({ length: services + 10 }, (_, i) => `svc-${i}`), { waitMs: 10_000, timeoutsAreWrong: false });
    return {
      title: `API server unreachable for ${outageMs / 1000} s, then back`,
      did: `The controller and three simulated speakers reach the API server through a proxy; with ${services} services converged, the proxy drops every connection and refuses new ones for ${outageMs / 1000} s while 10 more services are created directly; then it lets them through again.`,
      checked: 'Every second of the outage: each IP announced by the same single speaker as before. After it: all services (the new ones too) have an IP and one announcer, no IP moved, at most one IPAllocated per service, no write that changed nothing.',
      faults: tally.faults,
      violations: tally.violations,
      rows: [{ name: 'announcement checks during the outage', value: probes }, { name: 'services whose IPAllocated event never arrived', value: silent.length }],
      notes: 'Events are not counted as violations: an event the controller had queued when the API went away is dropped, not retried (the services still got their IPs, once). client-go retries an event up to 12 times; the event recorder is being reworked on another branch, so this is left to it. Not covered here: the dashboard saying "cluster unreachable since ..." (the dashboard shows only the state of its own live stream, not the cluster\'s reachability; see the issue notes).',
    };
  } finally {
    await p.close();
  }
}

export default () => runUnreachable(100, 30_000);
