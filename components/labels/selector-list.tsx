'use client';
// A list of label selectors (several are ORed, as in MetalLB): nodeSelectors, serviceSelectors,
// namespaceSelectors, ipAddressPoolSelectors; and preferredNodeSelectors, each with its weight.
import type { ReactNode } from 'react';
import type { LabelSelector, PreferredNodeSelector } from '@/lib/schemas';
import type { LabelSource } from '@/lib/views';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { cx } from '@/components/ui/cx';
import { SelectorEditor } from './selector-editor';

const replaceAt = <T,>(list: readonly T[], i: number, item: T): T[] => list.map((x, j) => (j === i ? item : x));

function ListShell({ id, legend, hint, addLabel, onAdd, children }: { id: string; legend: string; hint: ReactNode; addLabel: string; onAdd: () => void; children: ReactNode }) {
  return (
    <fieldset className="space-y-2" data-testid={id}>
      <legend className="text-sm font-medium">{legend}</legend>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</p>
      {children}
      <Button onClick={onAdd}>{addLabel}</Button>
    </fieldset>
  );
}

function ItemBox({ title, onRemove, children }: { title: string; onRemove: () => void; children: ReactNode }) {
  return (
    <div className="rounded-md border border-zinc-200 p-2.5 dark:border-zinc-800" data-testid="selector-item">
      <div className="mb-1.5 flex items-center justify-between">
        <span className="text-xs font-semibold text-zinc-700 dark:text-zinc-200">{title}</span>
        <Button tone="ghost" className="px-2 py-0.5 text-xs" onClick={onRemove} aria-label={`Remove ${title}`}>
          Remove
        </Button>
      </div>
      {children}
    </div>
  );
}

export function SelectorListEditor({
  id,
  legend,
  item,
  hint,
  value,
  onChange,
  source,
}: {
  id: string;
  legend: string;
  /** What one entry is called: "Node selector" -> inputs "Node selector 1 label 1 key". */
  item: string;
  hint: ReactNode;
  value: LabelSelector[];
  onChange: (v: LabelSelector[]) => void;
  source: LabelSource;
}) {
  return (
    <ListShell id={id} legend={legend} hint={hint} addLabel={`Add ${item.toLowerCase()}`} onAdd={() => onChange([...value, {}])}>
      {value.map((sel, i) => (
        <ItemBox key={i} title={`${item} ${i + 1}`} onRemove={() => onChange(value.filter((_, j) => j !== i))}>
          <SelectorEditor idPrefix={`${id}-${i}`} name={`${item} ${i + 1}`} value={sel} source={source} onChange={(s) => onChange(replaceAt(value, i, s))} />
        </ItemBox>
      ))}
    </ListShell>
  );
}

/** preferredNodeSelectors: the speaker adds up the weights (1..100) of the terms a node matches. */
export function PreferredNodesEditor({ id, value, onChange, error }: { id: string; value: PreferredNodeSelector[]; onChange: (v: PreferredNodeSelector[]) => void; error?: (i: number) => string | undefined }) {
  return (
    <ListShell
      id={id}
      legend="Preferred nodes"
      hint="Among the eligible nodes, the one with the highest total weight announces; ties go to the usual hash order. Empty: no preference."
      addLabel="Add preferred node"
      onAdd={() => onChange([...value, { weight: 50, preference: {} }])}
    >
      {value.map((p, i) => (
        <ItemBox key={i} title={`Preferred node ${i + 1}`} onRemove={() => onChange(value.filter((_, j) => j !== i))}>
          <label className="mb-2 flex items-center gap-2 text-xs">
            <span className="font-medium">Weight</span>
            <input
              type="number"
              min={1}
              max={100}
              aria-label={`Preferred node ${i + 1} weight`}
              className={cx(inputClass, 'w-20 py-1 text-xs')}
              value={Number.isFinite(p.weight) ? p.weight : ''}
              aria-invalid={Boolean(error?.(i)) || undefined}
              onChange={(e) => onChange(replaceAt(value, i, { ...p, weight: e.target.value === '' ? Number.NaN : Number(e.target.value) }))}
            />
            <span className="text-zinc-500">1 to 100</span>
          </label>
          {error?.(i) && (
            <p role="alert" className="mb-1 text-xs text-red-600 dark:text-red-400">
              {error(i)}
            </p>
          )}
          <SelectorEditor idPrefix={`${id}-${i}`} name={`Preferred node ${i + 1}`} value={p.preference} source="nodes" onChange={(s) => onChange(replaceAt(value, i, { ...p, preference: s }))} />
        </ItemBox>
      ))}
    </ListShell>
  );
}
