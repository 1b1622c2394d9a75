// "Nothing changed": a snapshot of everything a refused or bad request could have touched (every
// object in the embedded API server, the audit log, accounts and tokens). Objects that change by
// themselves (leases, events, status the controller keeps current) are found by taking two
// baselines and ignoring what moved between them.
import type { Kube } from './kube';
import { listCollections, snapshotCluster } from './kube';
import { TEST_ADMIN } from '../../support/auth';

export type State = { cluster: Map<string, string>; auditTop: number; accounts: string };
export type Baseline = { first: State; second: State; collections: string[] };

const ALWAYS_MOVING = [/\/events\//, /\/leases\//];

async function getJson(url: string, cookie: string): Promise<unknown> {
  const response = await fetch(url, { headers: { cookie } });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

async function capture(baseUrl: string, adminCookie: string, kube: Kube, collections: string[]): Promise<State> {
  // Refused attempts are recorded too (action "denied", "signin.*"): only entries of changes count here.
  let lastChange: number | undefined;
  for (let before = ''; lastChange === undefined;) {
    const page = (await getJson(`${baseUrl}/api/v1/audit?limit=500${before}`, adminCookie)) as { items: { id: number; action: string }[]; nextCursor: number | null };
    lastChange = page.items.find((e) => e.action !== 'denied' && !e.action.startsWith('signin.'))?.id;
    if (page.nextCursor === null) break;
    before = `&before=${page.nextCursor}`;
  }
  const users = await getJson(`${baseUrl}/api/auth/users`, adminCookie);
  const tokens = (await getJson(`${baseUrl}/api/auth/tokens?all=1`, adminCookie)) as { items: Record<string, unknown>[] };
  const stableTokens = tokens.items.map(({ lastUsedAt: _ignored, ...rest }) => rest);
  return {
    cluster: await snapshotCluster(kube, collections),
    auditTop: lastChange ?? 0,
    accounts: JSON.stringify({ users, tokens: stableTokens }),
  };
}

export async function takeBaseline(baseUrl: string, adminCookie: string, kube: Kube): Promise<Baseline> {
  const collections = await listCollections(kube);
  const first = await capture(baseUrl, adminCookie, kube, collections);
  await new Promise((r) => setTimeout(r, 1_500)); // long enough for lease renewals to show up
  const second = await capture(baseUrl, adminCookie, kube, collections);
  return { first, second, collections };
}

/** What changed since the baseline, in words; [] when nothing did. */
export async function findChanges(baseUrl: string, adminCookie: string, kube: Kube, baseline: Baseline): Promise<string[]> {
  const after = await capture(baseUrl, adminCookie, kube, baseline.collections);
  const changes: string[] = [];
  for (const [key, content] of baseline.second.cluster) {
    if (ALWAYS_MOVING.some((r) => r.test(key)) || baseline.first.cluster.get(key) !== content) continue;
    if (!after.cluster.has(key)) changes.push(`deleted: ${key}`);
    else if (after.cluster.get(key) !== content) {
      changes.push(`modified: ${key}\n  before: ${content.slice(0, 400)}\n  after:  ${after.cluster.get(key)!.slice(0, 400)}`);
    }
  }
  for (const key of after.cluster.keys()) {
    if (!baseline.second.cluster.has(key) && !ALWAYS_MOVING.some((r) => r.test(key))) changes.push(`created: ${key}`);
  }
  if (after.auditTop !== baseline.second.auditTop) changes.push(`audit log grew: last id ${baseline.second.auditTop} -> ${after.auditTop}`);
  if (after.accounts !== baseline.second.accounts) changes.push('accounts or tokens changed');
  return changes;
}

export { TEST_ADMIN };
