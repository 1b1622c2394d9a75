// Who holds which IP: one record per address in use (its pool and its holders), keyed by
// family and value, plus an index of records by sharing key for "free for sharing" lookups.
import type { IPAddr, IPFamily } from '../ip';
import type { Holder } from './compat';

export interface IPRecord {
  ip: IPAddr;
  pool: string;
  /** Usually one; several only for a shared IP. */
  holders: Holder[];
}

/** IPv4 keys as plain numbers: V8 hashes those far faster than BigInts. */
type Key = number | bigint;
const keyOf = (family: IPFamily, n: bigint): Key => (family === 'IPv4' ? Number(n) : n);

const NO_RECORDS: ReadonlySet<IPRecord> = new Set();

export class IPTable {
  private readonly byFamily: Record<IPFamily, Map<Key, IPRecord>> = { IPv4: new Map(), IPv6: new Map() };
  private readonly byKey = new Map<string, Set<IPRecord>>();

  /** Arrow property so PoolState can call it unbound. */
  readonly isUsed = (family: IPFamily, n: bigint): boolean => this.byFamily[family].has(keyOf(family, n));

  get(ip: IPAddr): IPRecord | undefined {
    return this.byFamily[ip.family].get(keyOf(ip.family, ip.n));
  }

  records(): IPRecord[] {
    return [...this.byFamily.IPv4.values(), ...this.byFamily.IPv6.values()];
  }

  /** Records whose holders use this sharing key. */
  withKey(key: string): ReadonlySet<IPRecord> {
    return this.byKey.get(key) ?? NO_RECORDS;
  }

  /** Adds a hold; true when the address was free before. */
  add(ip: IPAddr, pool: string, holder: Holder): boolean {
    const map = this.byFamily[ip.family];
    const key = keyOf(ip.family, ip.n);
    let record = map.get(key);
    const created = record === undefined;
    if (!record) {
      record = { ip, pool, holders: [holder] };
      map.set(key, record);
    } else {
      record.holders = [...record.holders.filter((h) => h.svcKey !== holder.svcKey), holder];
    }
    if (holder.sharingKey) {
      let set = this.byKey.get(holder.sharingKey);
      if (!set) this.byKey.set(holder.sharingKey, (set = new Set()));
      set.add(record);
    }
    return created;
  }

  /** Drops a hold; returns the record when the address became free. */
  remove(ip: IPAddr, svcKey: string): IPRecord | undefined {
    const map = this.byFamily[ip.family];
    const key = keyOf(ip.family, ip.n);
    const record = map.get(key);
    const holder = record?.holders.find((h) => h.svcKey === svcKey);
    if (!record || !holder) return undefined;
    record.holders = record.holders.filter((h) => h !== holder);
    const sharingKey = holder.sharingKey;
    if (sharingKey && !record.holders.some((h) => h.sharingKey === sharingKey)) {
      const set = this.byKey.get(sharingKey);
      set?.delete(record);
      if (set?.size === 0) this.byKey.delete(sharingKey);
    }
    if (record.holders.length > 0) return undefined;
    map.delete(key);
    return record;
  }
}
