// The pools' side of the ledger: poolChanged entries (created, edited with what changed,
// deleted) from the informer's events, each pool's last recorded spec (kept in the ledger, so a
// restart tells what changed while it was away), and utilisation samples for the forecast.
import type { InformerEvent } from '../kube/informer';
import type { KubeObject } from '../kube/types';
import { describePoolChange, type PoolSpecFacts } from '../../lib/history';
import type { IPAddressPool } from '../../lib/schemas/ip-address-pool';
import type { Ledger, NewEntry } from './ledger';

/** A pool's utilisation is sampled on change, and at least this often so the chart has a recent point. */
const SAMPLE_EVERY_MS = 10 * 60_000;

function poolFacts(p: IPAddressPool | KubeObject | undefined): PoolSpecFacts | null {
  if (!p) return null;
  const spec = (p as IPAddressPool).spec ?? {};
  return {
    addresses: [...(spec.addresses ?? [])],
    autoAssign: spec.autoAssign ?? true,
    avoidBuggyIPs: spec.avoidBuggyIPs ?? false,
    allocation: spec.serviceAllocation ? JSON.stringify(spec.serviceAllocation) : '',
  };
}

/** The field manager of the latest write, when the API server keeps managedFields. */
function lastManager(o: KubeObject | undefined): string | null {
  const fields = (o?.metadata as { managedFields?: { manager?: string; time?: string }[] } | undefined)?.managedFields ?? [];
  const latest = [...fields].sort((a, b) => ((a.time ?? '') < (b.time ?? '') ? 1 : -1))[0];
  return latest?.manager ?? null;
}

const parseTime = (iso: string | undefined): number | null => {
  const t = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(t) ? null : t;
};

export class PoolRecorder {
  private readonly pools: Map<string, PoolSpecFacts>;
  private readonly samples = new Map<string, { used: number; size: number; at: number }>();
  private drafts: NewEntry[] = [];
  private writes = { upsert: new Map<string, PoolSpecFacts>(), remove: new Set<string>() };

  constructor(
    private readonly ledger: Ledger,
    /** The time and inferred flag of an entry (live: now; on start: the best time within the gap). */
    private readonly stamp: (hint: number | null) => { at: number; inferred: boolean },
    private readonly now: () => number,
  ) {
    this.pools = ledger.loadPools();
  }

  /** A pool's spec changed (status-only changes are filtered out before). */
  onEvent(ev: InformerEvent<KubeObject>): void {
    const name = ev.object.metadata.name ?? '';
    const before = this.pools.get(name) ?? (ev.type === 'modified' ? poolFacts(ev.old) : null);
    const after = ev.type === 'deleted' ? null : poolFacts(ev.object);
    const detail = describePoolChange(before, after);
    if (after) {
      this.pools.set(name, after);
      this.writes.upsert.set(name, after);
      this.writes.remove.delete(name);
    } else {
      this.pools.delete(name);
      this.writes.remove.add(name);
      this.writes.upsert.delete(name);
    }
    if (!detail) return;
    const created = before === null ? parseTime(ev.object.metadata.creationTimestamp) : null;
    this.drafts.push({
      ...this.stamp(created),
      kind: 'poolChanged',
      service: null,
      ip: null,
      pool: name,
      node: null,
      previousNode: null,
      cause: null,
      detail,
      by: lastManager(ev.object),
      resourceVersion: ev.object.metadata.resourceVersion ?? null,
    });
  }

  /** On start: pools the ledger knew that are gone now were deleted while it was away. */
  inferDeleted(present: string[]): void {
    const now = new Set(present);
    for (const name of [...this.pools.keys()]) {
      if (!now.has(name)) this.onEvent({ type: 'deleted', key: name, object: { metadata: { name } } as KubeObject });
    }
  }

  takeDrafts(): NewEntry[] {
    const out = this.drafts;
    this.drafts = [];
    return out;
  }

  /** The pools' specs to write with the next transaction. */
  takeWrites(): { upsert: [string, PoolSpecFacts][]; remove: string[] } {
    const out = { upsert: [...this.writes.upsert], remove: [...this.writes.remove] };
    this.writes = { upsert: new Map(), remove: new Set() };
    return out;
  }

  /** Utilisation: a sample when the used count changed, and every SAMPLE_EVERY_MS. */
  sample(pools: { name: string; used: number; total: string }[]): void {
    const now = this.now();
    const points = [];
    for (const p of pools) {
      const size = Number(p.total);
      const last = this.samples.get(p.name);
      if (last && last.used === p.used && last.size === size && now - last.at < SAMPLE_EVERY_MS) continue;
      this.samples.set(p.name, { used: p.used, size, at: now });
      points.push({ pool: p.name, at: now, used: p.used, size });
    }
    this.ledger.sample(points);
  }
}
