// Counts, per service, how often the node announcing it changed (failovers and handovers), from
// the rows the dashboard pushes. A service's count starts at 0 when it is first announced, so a
// Prometheus increase() sees its first failover too. A gap (nobody announcing) is not a change:
// A -> none -> B counts once, A -> none -> A not at all.
import type { ServiceView } from './types';

export class AnnouncerChanges {
  private readonly last = new Map<string, string>();
  private readonly changes = new Map<string, number>();
  private readonly keyOfUid = new Map<string, string>();

  observe(batch: { upserts: readonly ServiceView[]; deletes: readonly string[] } | undefined): void {
    if (!batch) return;
    for (const uid of batch.deletes) {
      const key = this.keyOfUid.get(uid);
      if (!key) continue;
      this.keyOfUid.delete(uid);
      this.last.delete(key);
      this.changes.delete(key);
    }
    for (const row of batch.upserts) this.observeRow(row);
  }

  private observeRow(row: ServiceView): void {
    const key = `${row.namespace}/${row.name}`;
    this.keyOfUid.set(row.uid, key);
    if (!row.node) return;
    const before = this.last.get(key);
    this.changes.set(key, (this.changes.get(key) ?? 0) + (before && before !== row.node ? 1 : 0));
    this.last.set(key, row.node);
  }

  /** `namespace/name` -> changes since the service was first announced (or this process started). */
  counts(): ReadonlyMap<string, number> {
    return this.changes;
  }
}
