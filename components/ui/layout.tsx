// Page header, cards and key/value lists: the page furniture every screen shares.
import type { ReactNode } from 'react';
import { cx } from './cx';

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="mb-4 flex flex-wrap items-start justify-between gap-3">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        {description && <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
    </header>
  );
}

export function Card({ title, actions, children, className }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={cx('rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900', className)}>
      {(title || actions) && (
        <div className="mb-3 flex items-center justify-between gap-2">
          {title && <h2 className="text-sm font-semibold text-zinc-700 dark:text-zinc-200">{title}</h2>}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}

export function KeyValues({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
      {items.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-zinc-500 dark:text-zinc-400">{k}</dt>
          <dd className="min-w-0 break-words">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function UtilisationBar({ used, total, label }: { used: number; total: string; label: string }) {
  const t = Number(total);
  const ratio = t > 0 && Number.isFinite(t) ? Math.min(1, used / t) : 0;
  const tone = ratio >= 0.9 ? 'bg-red-500' : ratio >= 0.7 ? 'bg-amber-500' : 'bg-sky-500';
  return (
    <div className="flex items-center gap-2">
      <div role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={t} aria-valuenow={used} className="h-2 w-28 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800">
        <div className={cx('h-full', tone)} style={{ width: `${Math.max(ratio * 100, used > 0 ? 2 : 0)}%` }} />
      </div>
      <span className="tabular-nums text-xs text-zinc-600 dark:text-zinc-400">
        {used}/{formatCount(total)}
      </span>
    </div>
  );
}

/** Very large pools (IPv6) print as powers of two instead of 20-digit numbers. */
export function formatCount(total: string): string {
  if (total.length <= 9) return Number(total).toLocaleString('en-US');
  const bits = Math.round(Math.log2(Number(total)));
  return `2^${bits}`;
}
