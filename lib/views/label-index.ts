// The labels in use on a kind of object, for autocomplete in the label-selector editor: each key
// with the values seen under it, most common first. Capped, so 10,000 services stay cheap to send.
export interface LabelKeyValues {
  key: string;
  /** How many objects carry the key. */
  count: number;
  values: string[];
}

export interface LabelIndex {
  namespaces: LabelKeyValues[];
  nodes: LabelKeyValues[];
  services: LabelKeyValues[];
  pools: LabelKeyValues[];
  /** Namespace names, for serviceAllocation.namespaces. */
  namespaceNames: string[];
}

export type LabelSource = 'namespaces' | 'nodes' | 'services' | 'pools';

const MAX_KEYS = 200;
const MAX_VALUES = 50;

const byCountThenName = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export function indexLabels(objects: Iterable<{ metadata: { labels?: Readonly<Record<string, string>> } }>): LabelKeyValues[] {
  const keys = new Map<string, { count: number; values: Map<string, number> }>();
  for (const o of objects) {
    for (const [key, value] of Object.entries(o.metadata.labels ?? {})) {
      let entry = keys.get(key);
      if (!entry) keys.set(key, (entry = { count: 0, values: new Map() }));
      entry.count++;
      entry.values.set(value, (entry.values.get(value) ?? 0) + 1);
    }
  }
  return [...keys.entries()]
    .map(([key, e]): [string, number] => [key, e.count])
    .sort(byCountThenName)
    .slice(0, MAX_KEYS)
    .map(([key, count]) => ({
      key,
      count,
      values: [...(keys.get(key)?.values.entries() ?? [])].sort(byCountThenName).slice(0, MAX_VALUES).map(([v]) => v),
    }));
}
