// The embedded API server killed -9 under write load from several clients, again and again on
// one data dir: every write it acknowledged (creates and updates) is there after each restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServerProcess, type ApiServerProcess } from '../support/apiserver-process';
import { randomBelow, Tally, type FaultReport } from './support/scenario';

interface Acked {
  /** `name` for each acknowledged create, `name@v` for each acknowledged update to counter v. */
  writes: Set<string>;
  maxRv: number;
}

const CM = '/api/v1/namespaces/default/configmaps';
const headers = (s: ApiServerProcess, type = 'application/json') => ({ Authorization: `Bearer ${s.token}`, 'Content-Type': type });

/** One client: creates configmaps and bumps a counter on the ones it made, until the server dies. */
async function client(s: ApiServerProcess, id: string, acked: Acked): Promise<void> {
  const mine: string[] = [];
  for (let i = 0; ; i++) {
    try {
      if (i % 3 === 2 && mine.length > 0) {
        const name = mine[randomBelow(mine.length)];
        const v = String(i);
        const res = await fetch(`${s.url}${CM}/${name}`, { method: 'PATCH', headers: headers(s, 'application/merge-patch+json'), body: JSON.stringify({ data: { v } }) });
        if (res.status !== 200) throw new Error(`update answered ${res.status}`);
        acked.maxRv = Math.max(acked.maxRv, Number((await res.json()).metadata.resourceVersion));
        acked.writes.add(`${name}@${v}`);
        continue;
      }
      const name = `${id}-${i}`;
      const res = await fetch(`${s.url}${CM}`, { method: 'POST', headers: headers(s), body: JSON.stringify({ metadata: { name }, data: { v: String(i) } }) });
      if (res.status !== 201) throw new Error(`create answered ${res.status}`);
      acked.maxRv = Math.max(acked.maxRv, Number((await res.json()).metadata.resourceVersion));
      acked.writes.add(name);
      mine.push(name);
    } catch {
      return; // the server died under us: this write was never acknowledged
    }
  }
}

/** What the server holds: each name, and `name@v` for the counter it shows (updates only raise it). */
async function present(s: ApiServerProcess, acked: Acked): Promise<{ names: Set<string>; rv: number }> {
  const list = await (await fetch(`${s.url}${CM}`, { headers: headers(s) })).json() as { metadata: { resourceVersion: string }; items: { metadata: { name: string }; data?: { v?: string } }[] };
  const names = new Set<string>();
  for (const item of list.items) {
    names.add(item.metadata.name);
    // An acked update to counter u is kept when the stored counter is u or a later one.
    const stored = Number(item.data?.v ?? -1);
    for (const w of acked.writes) {
      const at = w.lastIndexOf('@');
      if (at > 0 && w.slice(0, at) === item.metadata.name && Number(w.slice(at + 1)) <= stored) names.add(w);
    }
  }
  return { names, rv: Number(list.metadata.resourceVersion) };
}

export async function runApiServerKills(kills: number, clients: number): Promise<FaultReport> {
  const dir = mkdtempSync(join(tmpdir(), 'ironlb-fault-apiserver-'));
  const tally = new Tally();
  const acked: Acked = { writes: new Set(), maxRv: 0 };
  let server = await startApiServerProcess(dir);
  try {
    for (let round = 1; round <= kills; round++) {
      const before = acked.writes.size;
      const load = Array.from({ length: clients }, (_, c) => client(server, `r${round}c${c}`, acked));
      const target = before + 20 + randomBelow(200);
      while (acked.writes.size < target) await new Promise((r) => setTimeout(r, 2));
      await server.kill9();
      tally.faults++;
      await Promise.all(load);
      server = await startApiServerProcess(dir);
      const seen = await present(server, acked);
      tally.check(`kill ${round}`, { now: { services: [], pools: [] }, acknowledged: acked.writes, present: seen.names });
      if (seen.rv < acked.maxRv) tally.record('lostWrite', 'resourceVersion', `list shows ${seen.rv} after kill ${round}, below the acknowledged ${acked.maxRv}`);
      const next = await fetch(`${server.url}${CM}`, { method: 'POST', headers: headers(server), body: JSON.stringify({ metadata: { name: `after-${round}` } }) });
      const rv = Number((await next.json()).metadata.resourceVersion);
      if (rv <= acked.maxRv) tally.record('lostWrite', 'resourceVersion', `a write after kill ${round} got ${rv}, not above the acknowledged ${acked.maxRv}`);
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    title: 'Embedded API server killed -9 under write load',
    did: `${clients} clients create ConfigMaps and merge-patch a counter on them over HTTP; after 20 to 220 more acknowledged writes the server process gets SIGKILL and is started again on the same data dir; ${kills} times.`,
    checked: 'After each restart: every create that got 201 is listed, every update that got 200 shows its counter or a later one, the list resourceVersion is not below the highest acknowledged one, and the next write gets a higher one.',
    faults: tally.faults,
    violations: tally.violations,
    rows: [{ name: 'acknowledged writes checked', value: acked.writes.size }, { name: 'invariant checks', value: tally.checks }],
  };
}

export default () => runApiServerKills(20, 6);
