'use client';
// The per-IP map of a pool: one cell per address (free / used / shared / reserved .0 .255);
// hovering or focusing a cell names its services and node.
import type { IPCell, IPCellState } from '@/lib/views';
import { cx } from '@/components/ui/cx';

const LOOK: Record<IPCellState, { cls: string; word: string }> = {
  free: { cls: 'bg-zinc-200 dark:bg-zinc-700', word: 'free' },
  used: { cls: 'bg-sky-500', word: 'used' },
  shared: { cls: 'bg-violet-500', word: 'shared' },
  reserved: { cls: 'bg-zinc-400 bg-[repeating-linear-gradient(45deg,transparent,transparent_2px,rgba(0,0,0,.25)_2px,rgba(0,0,0,.25)_4px)] dark:bg-zinc-600', word: 'reserved (.0/.255)' },
};

function describe(c: IPCell): string {
  if (c.state === 'free' || c.state === 'reserved') return `${c.ip}: ${LOOK[c.state].word}`;
  return `${c.ip}: ${c.services.join(', ')}${c.node ? ` on ${c.node}` : ' (not announced)'}`;
}

export function IPGrid({ cells, truncated, total }: { cells: IPCell[]; truncated: boolean; total: string }) {
  return (
    <div>
      <ul className="flex flex-wrap gap-1" aria-label="Addresses of the pool" data-testid="ip-grid">
        {cells.map((c) => (
          <li key={c.ip} tabIndex={0} title={describe(c)} aria-label={describe(c)} data-state={c.state} data-ip={c.ip} className={cx('size-4 rounded-sm focus-visible:outline-2 focus-visible:outline-sky-500', LOOK[c.state].cls)} />
        ))}
      </ul>
      <div className="mt-3 flex flex-wrap gap-4 text-xs text-zinc-600 dark:text-zinc-400">
        {(Object.keys(LOOK) as IPCellState[]).map((s) => (
          <span key={s} className="inline-flex items-center gap-1">
            <span aria-hidden className={cx('inline-block size-3 rounded-sm', LOOK[s].cls)} /> {LOOK[s].word}
          </span>
        ))}
        {truncated && <span>showing the first {cells.length} of {total} addresses</span>}
      </div>
    </div>
  );
}
