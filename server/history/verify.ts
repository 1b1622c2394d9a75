// "Verify now": who really answers for a service's IPs on the LAN, compared with who should.
// The announcing node and one other node each resolve the IP from their own NIC; answers are
// mapped to nodes by the MACs the speakers report on their Leases. Needs a probe on the LAN: the
// embedded cluster has one; a real cluster's speakers take no probe requests (yet): 501.
import type { VerifyProbe, VerifyReport } from '../../lib/history';
import { parseSpeakerHealth } from '../../lib/reconcile/speaker-health';
import type { KubeLease } from '../../lib/views';
import type { Dashboard } from '../dashboard/dashboard';
import { notFound } from '../dashboard/errors';
import type { LanClient } from '../embedded/lan-client';
import { OpError } from '../http/op-error';

/** MAC -> node, from every speaker's health report. */
function macOwners(dash: Dashboard): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [node, lease] of dash.state.facts.leasesByNode()) {
    const parsed = parseSpeakerHealth((lease as KubeLease).metadata.annotations);
    if (parsed.ok) for (const i of parsed.health.interfaces) owners.set(i.mac.toLowerCase(), node);
  }
  return owners;
}

function judge(expectedMac: string | null, probes: VerifyProbe[]): VerifyReport['verdict'] {
  if (!expectedMac) return 'notAnnounced';
  const answers = probes.flatMap((p) => p.answers);
  if (answers.length === 0) return 'noAnswer';
  return answers.every((a) => a.mac === expectedMac) ? 'match' : 'mismatch';
}

export async function verifyService(dash: Dashboard, lan: LanClient | undefined, namespace: string, name: string): Promise<VerifyReport> {
  await dash.ready();
  dash.push(true);
  const key = `${namespace}/${name}`;
  const view = dash.state.getView(key);
  if (!view) throw notFound(`LoadBalancer service ${key}`);
  if (!lan) {
    throw new OpError(501, 'NotSupported', 'verify now needs a probe on the LAN: the embedded cluster has one; on a real cluster the speakers do not take probe requests yet');
  }
  const owners = macOwners(dash);
  const expectedNode = view.state === 'announced' || view.state === 'conflict' ? view.node : null;
  const expectedMac = expectedNode ? ([...owners].find(([, n]) => n === expectedNode)?.[0] ?? null) : null;
  const other = dash.state.facts
    .nodes()
    .map((n) => n.name)
    .find((n) => n !== expectedNode && dash.state.facts.speakers.get(n) === 'live');
  const from = [expectedNode, other].filter((n): n is string => Boolean(n));
  const probes: VerifyProbe[] = [];
  for (const ip of view.ips) {
    for (const r of await lan.probeFrom(from, ip)) {
      const macs = new Set(r.answers.map((a) => a.mac));
      probes.push({
        from: r.from,
        ip,
        verdict: macs.size === 0 ? 'noAnswer' : macs.size === 1 ? 'resolved' : 'multipleAnswers',
        answers: r.answers.map((a) => ({ mac: a.mac, node: owners.get(a.mac) ?? null, afterMs: Math.round(a.afterMs * 10) / 10 })),
      });
    }
  }
  const lanClient = view.ips.flatMap((ip) => {
    const e = lan.lookup(ip);
    return e ? [{ ip, mac: e.mac, node: owners.get(e.mac) ?? null, at: new Date(e.updatedAt).toISOString(), learnedFrom: e.learnedFrom }] : [];
  });
  return { service: key, expected: { node: expectedNode, mac: expectedMac }, probes, verdict: judge(expectedMac, probes), lanClient, at: new Date().toISOString() };
}
