'use client';
// A YAML text area with line numbers; each problem is listed with its line (click to go there)
// and its line number turns red. A plain textarea on purpose: the YAML tab needs no more.
import { useRef } from 'react';
import type { LineIssue } from '@/lib/manifest/yaml-source';
import { cx } from '@/components/ui/cx';

/** The character offsets where line `n` (1-based) starts and ends. */
function lineRange(text: string, n: number): [number, number] {
  let start = 0;
  for (let i = 1; i < n; i++) {
    const next = text.indexOf('\n', start);
    if (next < 0) break;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return [start, end < 0 ? text.length : end];
}

export function YamlEditor({ id, label, value, onChange, issues }: { id: string; label: string; value: string; onChange: (text: string) => void; issues: LineIssue[] }) {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const count = value.split('\n').length;
  const bad = new Set(issues.map((i) => i.line));
  const goTo = (line: number) => {
    const ta = area.current;
    if (!ta) return;
    const [start, end] = lineRange(value, line);
    ta.focus();
    ta.setSelectionRange(start, end);
    ta.scrollTop = Math.max(0, (line - 5) * 20);
  };
  return (
    <div className="space-y-2">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <div className="flex overflow-hidden rounded-md border border-zinc-300 bg-white focus-within:outline-2 focus-within:outline-sky-500 dark:border-zinc-700 dark:bg-zinc-950">
        <div ref={gutter} aria-hidden className="h-[30rem] select-none overflow-hidden border-r border-zinc-200 bg-zinc-50 px-2 py-2 text-right font-mono text-xs leading-5 text-zinc-400 dark:border-zinc-800 dark:bg-zinc-900">
          {Array.from({ length: count }, (_, i) => (
            <div key={i} className={cx(bad.has(i + 1) && 'font-bold text-red-600 dark:text-red-400')}>
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          id={id}
          ref={area}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          wrap="off"
          aria-invalid={issues.length > 0 || undefined}
          aria-describedby={issues.length ? `${id}-issues` : undefined}
          className="h-[30rem] flex-1 resize-none bg-transparent px-2 py-2 font-mono text-xs leading-5 outline-none"
        />
      </div>
      {issues.length > 0 && (
        <ul id={`${id}-issues`} className="space-y-1 text-xs text-red-700 dark:text-red-400" data-testid="yaml-issues">
          {issues.map((i, n) => (
            <li key={n} role="alert" data-testid="yaml-issue" data-line={i.line ?? ''}>
              {i.line !== null ? (
                <button type="button" className="font-semibold underline" onClick={() => goTo(i.line as number)}>
                  Line {i.line}
                </button>
              ) : (
                <span className="font-semibold">YAML</span>
              )}
              : {i.path && <code className="font-mono">{i.path}: </code>}
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
