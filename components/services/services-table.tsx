'use client';
// The main table (UI.md "Services"): every LoadBalancer Service, virtualised so 10,000 rows
// scroll smoothly; state with icon + word + colour and the reason in words; sortable headers.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef } from 'react';
import { countByState, filterAndSortServices, type ServiceView, type SortKey } from '@/lib/views';
import { servicesQuery } from '@/components/data/queries';
import { Button } from '@/components/ui/button';
import { cx } from '@/components/ui/cx';
import { EmptyState, ErrorBox, TableSkeleton } from '@/components/ui/feedback';
import { ServiceStateBadge } from '@/components/ui/state-badge';
import { formatSince } from '@/components/ui/time';
import { ServiceFilters } from './service-filters';
import { useServiceQuery } from './use-service-query';

const COLUMNS: { key: SortKey | null; label: string; width: string }[] = [
  { key: 'namespace', label: 'Namespace', width: 'minmax(8rem,1fr)' },
  { key: 'name', label: 'Name', width: 'minmax(10rem,1.6fr)' },
  { key: 'ip', label: 'External-IP', width: 'minmax(8rem,1fr)' },
  { key: 'pool', label: 'Pool', width: 'minmax(6rem,0.8fr)' },
  { key: 'node', label: 'Node', width: 'minmax(5rem,0.7fr)' },
  { key: null, label: 'Ports', width: 'minmax(6rem,0.9fr)' },
  { key: null, label: 'Policy', width: '4.5rem' },
  { key: 'age', label: 'Age', width: '4rem' },
  { key: 'state', label: 'State', width: 'minmax(12rem,2.2fr)' },
];
const GRID = COLUMNS.map((c) => c.width).join(' ');
const ROW_HEIGHT = 34;

const uniq = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => Boolean(v)))].sort();

/** Memoised: a scroll re-renders only the rows that came into view. */
const Row = memo(function Row({ row, now, top, height }: { row: ServiceView; now: number; top: number; height: number }) {
  const style = { top, height };
  return (
    <Link
      href={`/services/${encodeURIComponent(row.namespace)}/${encodeURIComponent(row.name)}`}
      // Not prefetched: a fast scroll brings hundreds of rows into view, each its own route.
      prefetch={false}
      role="row"
      data-testid="service-row"
      data-key={`${row.namespace}/${row.name}`}
      data-state={row.state}
      style={{ ...style, gridTemplateColumns: GRID }}
      className="absolute left-0 grid w-full items-center gap-3 border-b [contain:strict] border-zinc-100 px-3 text-sm hover:bg-sky-50 focus-visible:bg-sky-50 focus-visible:outline-none dark:border-zinc-800/70 dark:hover:bg-zinc-800/60 dark:focus-visible:bg-zinc-800"
    >
      <span role="cell" className="truncate text-zinc-600 dark:text-zinc-400">{row.namespace}</span>
      <span role="cell" className="truncate font-medium">{row.name}</span>
      <span role="cell" className="truncate font-mono text-xs" data-testid="service-ip">{row.ips.length ? row.ips.join(', ') : '—'}</span>
      <span role="cell" className="truncate">{row.pool ?? '—'}</span>
      <span role="cell" className="truncate" data-testid="service-node">{row.state === 'announced' ? row.node : '—'}</span>
      <span role="cell" className="truncate text-xs text-zinc-600 dark:text-zinc-400">{row.ports.join(',') || '—'}</span>
      <span role="cell" className="text-xs text-zinc-600 dark:text-zinc-400">{row.trafficPolicy}</span>
      <span role="cell" className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">{formatSince(row.created, now)}</span>
      <span role="cell" className="min-w-0 truncate" title={row.reason} data-testid="service-state">
        <ServiceStateBadge state={row.state} reason={row.reason} />
      </span>
    </Link>
  );
});

function HeaderCell({ col, sort, dir, onSort }: { col: (typeof COLUMNS)[number]; sort: SortKey; dir: 'asc' | 'desc'; onSort: (k: SortKey) => void }) {
  const active = col.key === sort;
  if (!col.key) return <span role="columnheader">{col.label}</span>;
  return (
    <span role="columnheader" aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" onClick={() => onSort(col.key as SortKey)} className="inline-flex items-center gap-1 uppercase hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:text-white">
        {col.label}
        <span aria-hidden className={cx(!active && 'invisible')}>{dir === 'asc' ? '↑' : '↓'}</span>
      </button>
    </span>
  );
}

export function ServicesTable() {
  const { data, error, isPending, refetch } = useQuery(servicesQuery());
  const [query, update] = useServiceQuery();
  const all = useMemo(() => data?.items ?? [], [data]);
  const rows = useMemo(() => filterAndSortServices(all, query), [all, query]);
  const facets = useMemo(() => ({ namespaces: uniq(all.map((r) => r.namespace)), pools: uniq(all.map((r) => r.pool)), nodes: uniq(all.map((r) => r.node)) }), [all]);
  const counts = useMemo(() => countByState(all), [all]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 6 });
  // Ages move in 10 s steps, so a scroll does not re-render every row for a new `now`.
  const now = Math.ceil(Date.now() / 10_000) * 10_000;

  if (isPending) return <TableSkeleton label="Loading services" />;
  if (error) return <ErrorBox message={error.message} onRetry={() => void refetch()} />;
  const onSort = (key: SortKey) => update({ sort: key, dir: query.sort === key && query.dir === 'asc' ? 'desc' : 'asc' });

  return (
    <div className="flex h-full flex-col">
      <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400" data-testid="service-counts">
        {counts.total} services · {counts.announced} announced · {counts.pending} pending · {counts.notAnnounced} not announced · {counts.conflict} conflict
      </p>
      <ServiceFilters query={query} update={update} {...facets} />
      {all.length === 0 ? (
        <EmptyState title="No LoadBalancer services yet">
          Create a Service with <code>type: LoadBalancer</code> (for example <code>kubectl expose deployment web --type=LoadBalancer --port=80</code>); it appears here with its IP.
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title="No service matches these filters" action={<Button onClick={() => update({ q: '', namespace: '', state: '', pool: '', node: '' })}>Clear filters</Button>} />
      ) : (
        <div role="table" aria-label="LoadBalancer services" aria-rowcount={rows.length} className="flex min-h-0 flex-1 flex-col rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <div role="row" style={{ gridTemplateColumns: GRID }} className="grid gap-3 border-b border-zinc-200 bg-zinc-50 px-3 py-2 text-xs font-semibold uppercase text-zinc-500 dark:border-zinc-800 dark:bg-zinc-950">
            {COLUMNS.map((c) => (
              <HeaderCell key={c.label} col={c} sort={query.sort} dir={query.dir} onSort={onSort} />
            ))}
          </div>
          <div ref={scrollRef} data-testid="services-scroll" className="relative min-h-[20rem] flex-1 overflow-auto">
            <div style={{ height: virtualizer.getTotalSize() }} className="relative w-full">
              {virtualizer.getVirtualItems().map((v) => (
                <Row key={rows[v.index].uid} row={rows[v.index]} now={now} top={v.start} height={v.size} />
              ))}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
