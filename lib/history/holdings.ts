// The per-IP story told by the ledger: who held an IP from when until when ("held by A until
// 12:00, then B"). Pure: built from ipAssigned / ipReleased entries.
import type { HistoryEntry } from './types';

export interface Holding {
  ip: string;
  service: string;
  /** ISO time it was assigned; null when the ledger starts with the service already holding it. */
  from: string | null;
  /** ISO time it was released; null while the service still holds it. */
  until: string | null;
}

/** Spans per IP, oldest first; a shared IP may have overlapping spans. Entries may come in any order. */
export function toHoldings(entries: readonly HistoryEntry[]): Holding[] {
  const ordered = entries
    .filter((e) => e.ip && e.service && (e.kind === 'ipAssigned' || e.kind === 'ipReleased'))
    .slice()
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.kind === 'ipReleased' ? -1 : 1));
  const open = new Map<string, Holding>();
  const out: Holding[] = [];
  for (const e of ordered) {
    const id = `${e.ip}|${e.service}`;
    if (e.kind === 'ipAssigned') {
      if (open.has(id)) continue; // assigned again without a release in between: still the same span
      const h: Holding = { ip: e.ip!, service: e.service!, from: e.at, until: null };
      open.set(id, h);
      out.push(h);
    } else {
      const h = open.get(id);
      if (h) {
        h.until = e.at;
        open.delete(id);
      } else out.push({ ip: e.ip!, service: e.service!, from: null, until: e.at });
    }
  }
  return out.sort((a, b) => (a.ip === b.ip ? ((a.from ?? a.until ?? '') < (b.from ?? b.until ?? '') ? -1 : 1) : a.ip < b.ip ? -1 : 1));
}

/** Groups holdings by IP, keeping each IP's spans oldest first. */
export function groupHoldingsByIP(holdings: readonly Holding[]): Map<string, Holding[]> {
  const out = new Map<string, Holding[]>();
  for (const h of holdings) {
    const list = out.get(h.ip) ?? [];
    list.push(h);
    out.set(h.ip, list);
  }
  return out;
}
