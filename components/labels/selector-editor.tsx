'use client';
// The one label-selector editor: matchLabels rows (key = value) and matchExpressions rows (key,
// operator, values), each row checked as you type with the API server's rules and words, keys
// and values suggested from the labels in use on the cluster's namespaces, nodes or services.
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { SELECTOR_OPERATORS, type LabelSelector, type SelectorOperator } from '@/lib/schemas';
import type { LabelKeyValues, LabelSource } from '@/lib/views';
import { labelsQuery } from '@/components/data/queries';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { cx } from '@/components/ui/cx';
import {
  expressionRowIssues,
  expressionsToRows,
  labelRowIssues,
  labelsToRows,
  rowsToLabels,
  rowsToSelector,
  sameSelector,
  takesValues,
  type ExpressionRow,
  type LabelRow,
} from './selector-rows';

/** The label keys (and their values) in use on one kind of object. */
export function useLabelSuggestions(source: LabelSource): LabelKeyValues[] {
  const { data } = useQuery(labelsQuery());
  return data?.[source] ?? [];
}

function useRowIds(): () => number {
  const next = useRef(0);
  return () => ++next.current;
}

function RowErrors({ messages }: { messages: string[] | undefined }) {
  if (!messages?.length) return null;
  return (
    <ul className="mt-0.5 space-y-0.5 text-xs text-red-600 dark:text-red-400">
      {messages.map((m) => (
        <li key={m} role="alert" data-testid="selector-error">
          {m}
        </li>
      ))}
    </ul>
  );
}

function Options({ id, values }: { id: string; values: readonly string[] }) {
  return (
    <datalist id={id}>
      {values.map((v) => (
        <option key={v} value={v} />
      ))}
    </datalist>
  );
}

const valuesOf = (suggestions: readonly LabelKeyValues[], key: string) => suggestions.find((s) => s.key === key)?.values ?? [];

const small = 'py-1 font-mono text-xs';

/** Rows of key = value: a selector's matchLabels, or an object's own labels. */
function LabelRows({ idPrefix, name, rows, onRows, suggestions }: { idPrefix: string; name: string; rows: LabelRow[]; onRows: (rows: LabelRow[]) => void; suggestions: LabelKeyValues[] }) {
  const newId = useRowIds();
  const issues = labelRowIssues(rows);
  const set = (i: number, patch: Partial<LabelRow>) => onRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="space-y-1">
      <Options id={`${idPrefix}-keys`} values={suggestions.map((s) => s.key)} />
      {rows.map((r, i) => (
        <div key={r.id} data-testid="label-row">
          <div className="grid grid-cols-[1fr_auto_1fr_auto] items-center gap-1.5">
            <input aria-label={`${name} label ${i + 1} key`} className={cx(inputClass, small)} list={`${idPrefix}-keys`} value={r.key} placeholder="key" autoComplete="off" aria-invalid={issues.has(r.id) || undefined} onChange={(e) => set(i, { key: e.target.value })} />
            <span className="text-zinc-500">=</span>
            <input aria-label={`${name} label ${i + 1} value`} className={cx(inputClass, small)} list={`${idPrefix}-v${i}`} value={r.value} placeholder="value" autoComplete="off" onChange={(e) => set(i, { value: e.target.value })} />
            <Button tone="ghost" className="px-2" aria-label={`Remove ${name} label ${i + 1}`} onClick={() => onRows(rows.filter((_, j) => j !== i))}>
              ✕
            </Button>
          </div>
          <Options id={`${idPrefix}-v${i}`} values={valuesOf(suggestions, r.key)} />
          <RowErrors messages={issues.get(r.id)} />
        </div>
      ))}
      <Button tone="ghost" className="px-2 py-1 text-xs" onClick={() => onRows([...rows, { id: newId(), key: '', value: '' }])}>
        + Add label
      </Button>
    </div>
  );
}

/** Suggestions for the last comma-separated value: "web, a" offers "web, api". */
function valueTextOptions(text: string, values: readonly string[]): string[] {
  const cut = text.lastIndexOf(',');
  const prefix = cut < 0 ? '' : `${text.slice(0, cut + 1).trimEnd()} `;
  return values.map((v) => prefix + v);
}

function ExpressionRows({ idPrefix, name, rows, onRows, suggestions }: { idPrefix: string; name: string; rows: ExpressionRow[]; onRows: (rows: ExpressionRow[]) => void; suggestions: LabelKeyValues[] }) {
  const newId = useRowIds();
  const issues = expressionRowIssues(rows);
  const set = (i: number, patch: Partial<ExpressionRow>) => onRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="space-y-1">
      {rows.map((r, i) => {
        const problems = issues.get(r.id);
        const label = `${name} expression ${i + 1}`;
        return (
          <div key={r.id} data-testid="expression-row">
            <div className="grid grid-cols-[1fr_auto_1fr_auto] items-center gap-1.5">
              <input aria-label={`${label} key`} className={cx(inputClass, small)} list={`${idPrefix}-keys`} value={r.key} placeholder="key" autoComplete="off" aria-invalid={Boolean(problems?.key.length) || undefined} onChange={(e) => set(i, { key: e.target.value })} />
              <select aria-label={`${label} operator`} className={cx(inputClass, 'w-auto py-1 text-xs')} value={r.operator} onChange={(e) => set(i, { operator: e.target.value as SelectorOperator, ...(takesValues(e.target.value as SelectorOperator) ? {} : { valuesText: '' }) })}>
                {SELECTOR_OPERATORS.map((op) => (
                  <option key={op} value={op}>
                    {op}
                  </option>
                ))}
              </select>
              <input
                aria-label={`${label} values`}
                className={cx(inputClass, small)}
                list={`${idPrefix}-e${i}`}
                value={r.valuesText}
                disabled={!takesValues(r.operator)}
                placeholder={takesValues(r.operator) ? 'values, comma separated' : 'takes no values'}
                autoComplete="off"
                aria-invalid={Boolean(problems?.values.length) || undefined}
                onChange={(e) => set(i, { valuesText: e.target.value })}
              />
              <Button tone="ghost" className="px-2" aria-label={`Remove ${label}`} onClick={() => onRows(rows.filter((_, j) => j !== i))}>
                ✕
              </Button>
            </div>
            <Options id={`${idPrefix}-e${i}`} values={valueTextOptions(r.valuesText, valuesOf(suggestions, r.key))} />
            <RowErrors messages={problems && [...problems.key, ...problems.values]} />
          </div>
        );
      })}
      <Button tone="ghost" className="px-2 py-1 text-xs" onClick={() => onRows([...rows, { id: newId(), key: '', operator: 'In', valuesText: '' }])}>
        + Add expression
      </Button>
    </div>
  );
}

/** One LabelSelector. `name` labels its inputs ("Node selector 1"). */
export function SelectorEditor({ idPrefix, name, value, onChange, source }: { idPrefix: string; name: string; value: LabelSelector; onChange: (s: LabelSelector) => void; source: LabelSource }) {
  const suggestions = useLabelSuggestions(source);
  const newId = useRowIds();
  const [labels, setLabels] = useState(() => labelsToRows(value.matchLabels, newId));
  const [exprs, setExprs] = useState(() => expressionsToRows(value.matchExpressions, newId));
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    // Changed from outside (YAML tab, a removed sibling): rebuild the rows unless they say the same.
    setSeen(value);
    if (!sameSelector(value, rowsToSelector(labels, exprs))) {
      setLabels(labelsToRows(value.matchLabels, newId));
      setExprs(expressionsToRows(value.matchExpressions, newId));
    }
  }
  const emit = (l: LabelRow[], e: ExpressionRow[]) => {
    const next = rowsToSelector(l, e);
    setSeen(next);
    onChange(next);
  };
  return (
    <div className="space-y-2">
      <div>
        <p className="text-xs font-medium text-zinc-600 dark:text-zinc-300">Match labels</p>
        <LabelRows idPrefix={idPrefix} name={name} rows={labels} suggestions={suggestions} onRows={(rows) => (setLabels(rows), emit(rows, exprs))} />
      </div>
      <div>
        <p className="text-xs font-medium text-zinc-600 dark:text-zinc-300">Match expressions</p>
        <ExpressionRows idPrefix={idPrefix} name={name} rows={exprs} suggestions={suggestions} onRows={(rows) => (setExprs(rows), emit(labels, rows))} />
      </div>
    </div>
  );
}

/** An object's own labels (metadata.labels), with the same rows and checks as matchLabels. */
export function LabelsEditor({ idPrefix, name, value, onChange, source }: { idPrefix: string; name: string; value: Record<string, string>; onChange: (labels: Record<string, string>) => void; source: LabelSource }) {
  const suggestions = useLabelSuggestions(source);
  const newId = useRowIds();
  const [rows, setRows] = useState(() => labelsToRows(value, newId));
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (!sameSelector({ matchLabels: value }, { matchLabels: rowsToLabels(rows) })) setRows(labelsToRows(value, newId));
  }
  return (
    <LabelRows
      idPrefix={idPrefix}
      name={name}
      rows={rows}
      suggestions={suggestions}
      onRows={(next) => {
        setRows(next);
        const labels = rowsToLabels(next);
        setSeen(labels);
        onChange(labels);
      }}
    />
  );
}
