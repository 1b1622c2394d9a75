'use client';
// The main table (docs/ui.md "Services"): every LoadBalancer Service, virtualised so 10,000 rows
// scroll smoothly; state with icon + word + colour and the reason in words; sortable headers.
import { useRouter } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useMemo, useRef, type MouseEvent } from 'react';
import { countByState, filterAndSortServices, formatServiceQuery, pagePaths, serviceFacets, type ServiceTableHead, type ServiceView, type SortKey } from '@/lib/views';
import { servicesQuery } from '@/components/data/queries';
import { Button } from '@/components/ui/button';
import { cx } from '@/components/ui/cx';
import { EmptyState, ErrorBox, Skeleton, TableSkeleton } from '@/components/ui/feedback';
import { ServiceStateBadge } from '@/components/ui/state-badge';
import { useRecycledSlots } from '@/components/ui/use-recycled-slots';
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
/** The browser records when the first rows were painted (Element Timing API; not in React's types). */
const PAINT_TIMING = { elementtiming: 'service-name' } as object;

/**
 * A plain click opens the service in the app; a modified one (new tab, download...) stays the
 * browser's. Rows are plain links, not next/link: a fast scroll swaps dozens of them per frame.
 */
function openInApp(e: MouseEvent<HTMLAnchorElement>, push: (href: string) => void): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  push(e.currentTarget.getAttribute('href') ?? '/services');
}

/** Memoised: a scroll re-renders only the rows whose slot shows another service. */
const Row = memo(function Row({ row, now, top, height, push }: { row: ServiceView; now: number; top: number; height: number; push: (href: string) => void }) {
  const style = { top, height };
  return (
    <a
      href={pagePaths.service(row.namespace, row.name)}
      onClick={(e) => openInApp(e, push)}
      role="row"
      data-testid="service-row"
      data-key={`${row.namespace}/${row.name}`}
      data-state={row.state}
      style={{ ...style, gridTemplateColumns: GRID }}
      className="absolute left-0 grid w-full items-center gap-3 border-b [contain:strict] border-zinc-100 px-3 text-sm hover:bg-sky-50 focus-visible:bg-sky-50 focus-visible:outline-none dark:border-zinc-800/70 dark:hover:bg-zinc-800/60 dark:focus-visible:bg-zinc-800"
    >
      <span role="cell" className="truncate text-zinc-600 dark:text-zinc-400">{row.namespace}</span>
      <span role="cell" className="truncate font-medium" {...PAINT_TIMING}>{row.name}</span>
      <span role="cell" className="truncate font-mono text-xs" data-testid="service-ip">{row.ips.length ? row.ips.join(', ') : '—'}</span>
      <span role="cell" className="truncate">{row.pool ?? '—'}</span>
      <span role="cell" className="truncate" data-testid="service-node">{row.state === 'announced' ? row.node : '—'}</span>
      <span role="cell" className="truncate text-xs text-zinc-600 dark:text-zinc-400">{row.ports.join(',') || '—'}</span>
      <span role="cell" className="text-xs text-zinc-600 dark:text-zinc-400">{row.trafficPolicy}</span>
      <span role="cell" className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">{formatSince(row.created, now)}</span>
      <span role="cell" className="min-w-0 truncate" title={row.reason} data-testid="service-state">
        <ServiceStateBadge state={row.state} reason={row.reason} inline />
      </span>
    </a>
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

/** A row still on its way (the whole list has not arrived yet). */
function PendingRow({ top, height }: { top: number; height: number }) {
  return (
    <div role="row" aria-busy="true" style={{ top, height }} className="absolute left-0 flex w-full items-center px-3">
      <Skeleton className="h-4 w-full" />
    </div>
  );
}

/**
 * The scrolling part, on its own so a scroll re-renders only it. `rowAt` may not have a row yet
 * for an index (the server sent the first rows, the rest is loading). The first render assumes a
 * viewport (`initialRect`), so the server renders the first screen of rows too.
 */
function VirtualRows({ count, rowAt }: { count: number; rowAt: (i: number) => ServiceView | undefined }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const router = useRouter();
  const push = useCallback((href: string) => router.push(href), [router]);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 2,
    initialRect: { width: 1280, height: 720 },
  });
  // Ages move in 10 s steps, so a scroll does not re-render every row for a new `now`.
  const now = Math.ceil(Date.now() / 10_000) * 10_000;
  const items = virtualizer.getVirtualItems();
  const slots = useRecycledSlots(items.map((v) => v.index));
  return (
    // Contained: rows swapped during a scroll lay out only themselves, never the page around them.
    <div ref={scrollRef} data-testid="services-scroll" className="relative min-h-[20rem] flex-1 overflow-auto [contain:strict]">
      <div style={{ height: virtualizer.getTotalSize() }} className="relative w-full [contain:strict]">
        {items.map((v, n) => {
          const row = rowAt(v.index);
          // Keyed by slot, not by service: a row scrolled out hands its DOM to the one scrolled in.
          return row ? (
            <Row key={slots[n]} row={row} now={now} top={v.start} height={v.size} push={push} />
          ) : (
            <PendingRow key={slots[n]} top={v.start} height={v.size} />
          );
        })}
      </div>
    </div>
  );
}

/**
 * `head`: the first rows for the URL's query, rendered by the server; shown (and the counts and
 * filters it carries) until the whole list has arrived, as long as the query is still the same.
 */
export function ServicesTable({ head }: { head?: ServiceTableHead }) {
  const { data, error, isPending, refetch } = useQuery(servicesQuery());
  const [query, update] = useServiceQuery();
  const all = data?.items;
  const sorted = useMemo(() => (all ? filterAndSortServices(all, query) : undefined), [all, query]);
  const summary = useMemo(() => (all ? { counts: countByState(all), facets: serviceFacets(all) } : undefined), [all]);
  const early = !all && head?.query === formatServiceQuery(query) ? head : undefined;
  const rowAt = useCallback((i: number) => (sorted ? sorted[i] : early?.rows[i]), [sorted, early]);

  if (error && !all) return <ErrorBox message={error.message} onRetry={() => void refetch()} />;
  const shown =
    sorted && summary ? { count: sorted.length, ...summary } : early && { count: early.matching, counts: early.counts, facets: early.facets };
  if (isPending && !shown) return <TableSkeleton label="Loading services" />;
  if (!shown) return null;
  const onSort = (key: SortKey) => update({ sort: key, dir: query.sort === key && query.dir === 'asc' ? 'desc' : 'asc' });
  const { count, counts: c } = shown;

  return (
    <div className="flex h-full flex-col">
      <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400" data-testid="service-counts" aria-busy={!all}>
        {c.total} {c.total === 1 ? 'service' : 'services'} · {c.announced} announced · {c.pending} pending · {c.notAnnounced} not announced · {c.conflict} conflict
      </p>
      <ServiceFilters query={query} update={update} {...shown.facets} />
      {c.total === 0 ? (
        <EmptyState title="No LoadBalancer services yet">
          Create a Service with <code>type: LoadBalancer</code> (for example <code>kubectl expose deployment web --type=LoadBalancer --port=80</code>); it appears here with its IP.
        </EmptyState>
      ) : count === 0 ? (
        <EmptyState title="No service matches these filters" action={<Button onClick={() => update({ q: '', namespace: '', state: '', pool: '', node: '' })}>Clear filters</Button>} />
      ) : (
        <div role="table" aria-label="LoadBalancer services" aria-rowcount={count} className="flex min-h-0 flex-1 flex-col rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <div role="row" style={{ gridTemplateColumns: GRID }} className="grid gap-3 border-b border-zinc-200 bg-zinc-50 px-3 py-2 text-xs font-semibold uppercase text-zinc-500 dark:border-zinc-800 dark:bg-zinc-950">
            {COLUMNS.map((col) => (
              <HeaderCell key={col.label} col={col} sort={query.sort} dir={query.dir} onSort={onSort} />
            ))}
          </div>
          <VirtualRows count={count} rowAt={rowAt} />
        </div>
      )}
    </div>
  );
}
