'use client';
// Ledger entries as a table, newest first: when, what, which service and IP, from which node to
// which, why, and whether it was seen live or inferred on start. Long lists scroll in place.
import Link from 'next/link';
import type { HistoryEntry } from '@/lib/history';
import { pagePaths } from '@/lib/views';
import { Chip } from '@/components/ui/state-badge';
import { Clock } from '@/components/ui/time';
import { CauseBadge } from './cause-badge';
import { KIND_WORDS } from './cause-look';

function ServiceLink({ service }: { service: string | null }) {
  if (!service) return <>—</>;
  const [namespace, name] = service.split('/');
  return (
    <Link href={pagePaths.service(namespace, name)} className="hover:underline">
      {service}
    </Link>
  );
}

function Move({ e }: { e: HistoryEntry }) {
  if (e.kind !== 'announcerChanged') return <>{e.node ?? ''}</>;
  const node = (n: string | null) => (n ? <Link href={pagePaths.node(n)} className="font-medium hover:underline">{n}</Link> : <span className="text-zinc-500">nobody</span>);
  return (
    <>
      {e.previousNode ? node(e.previousNode) : <span className="text-zinc-500">—</span>} → {node(e.node)}
    </>
  );
}

export function HistoryTable({ entries, showService = true, empty }: { entries: HistoryEntry[]; showService?: boolean; empty: string }) {
  if (entries.length === 0) return <p className="text-sm text-zinc-500" data-testid="history-empty">{empty}</p>;
  return (
    <div className="max-h-96 overflow-auto">
      <table className="w-full text-left text-sm" data-testid="history-table">
        <thead className="sticky top-0 bg-white text-xs uppercase text-zinc-500 dark:bg-zinc-900">
          <tr>
            <th className="py-1 pr-3">Time</th>
            <th className="py-1 pr-3">What</th>
            {showService && <th className="py-1 pr-3">Service</th>}
            <th className="py-1 pr-3">IP</th>
            <th className="py-1 pr-3">Node</th>
            <th className="py-1">Why</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => (
            <tr key={`${e.at}-${i}`} className="border-t border-zinc-100 align-top dark:border-zinc-800" data-testid="history-row" data-kind={e.kind} data-cause={e.cause ?? ''}>
              <td className="whitespace-nowrap py-1 pr-3 tabular-nums">
                <Clock iso={e.at} />
              </td>
              <td className="whitespace-nowrap py-1 pr-3">
                {KIND_WORDS[e.kind]}
                {e.inferred && (
                  <span className="ml-1" title="filled in on start from the objects' state or Events, not seen live">
                    <Chip>inferred</Chip>
                  </span>
                )}
              </td>
              {showService && (
                <td className="py-1 pr-3">
                  <ServiceLink service={e.service} />
                </td>
              )}
              <td className="py-1 pr-3 font-mono text-xs">{e.ip ?? '—'}</td>
              <td className="whitespace-nowrap py-1 pr-3">
                <Move e={e} />
              </td>
              <td className="py-1 text-zinc-600 dark:text-zinc-300">
                {e.kind === 'announcerChanged' && <CauseBadge cause={e.cause} />}
                {/* The badge already says "first announcer"; a cause's details follow it. */}
                {e.detail && !(e.kind === 'announcerChanged' && e.cause === null) && <span>{e.kind === 'announcerChanged' ? `: ${e.detail}` : e.detail}</span>}
                {e.by && <span className="ml-1 text-xs text-zinc-500">by {e.by}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
