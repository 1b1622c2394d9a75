'use client';
// The per-IP map of a pool as a table: each IP services hold, who holds it, and the node that
// announces it (or that none does). The grid beside it shows the same per address.
import Link from 'next/link';
import { formatServiceQuery, DEFAULT_SERVICE_QUERY, pagePaths, plural, type IPCell } from '@/lib/views';
import { ScrollTable } from '@/components/ui/scroll-table';

const serviceHref = (key: string) => {
  const [ns, n] = key.split('/');
  return pagePaths.service(ns, n);
};

export function IPsInUse({ pool, rows, used }: { pool: string; rows: IPCell[]; used: number }) {
  if (rows.length === 0)
    return <p className="text-sm text-zinc-500">No service holds an IP from this pool yet.</p>;
  return (
    <div>
      <ScrollTable heads={['IP', 'Services', 'Announced by']} testId="ips-in-use" maxHeight="lg">
        {rows.map((r) => (
          <tr
            key={r.ip}
            data-testid="ip-in-use"
            data-ip={r.ip}
            className="border-t border-zinc-100 align-baseline dark:border-zinc-800"
          >
            <td className="py-1 pr-3 font-mono text-xs">
              {r.ip}
              {r.state === 'shared' && (
                <span className="ml-2 font-sans text-violet-700 dark:text-violet-400">shared</span>
              )}
            </td>
            <td className="py-1 pr-3">
              {r.services.map((s) => (
                <Link key={s} href={serviceHref(s)} className="mr-3 inline-block hover:underline">
                  {s}
                </Link>
              ))}
            </td>
            <td className="py-1">
              {r.node ?? <span className="text-amber-700 dark:text-amber-400">not announced</span>}
            </td>
          </tr>
        ))}
      </ScrollTable>
      {used > rows.length && (
        <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
          Showing the first {rows.length} of {plural(used, 'IP')} in use.{' '}
          <Link
            href={`/services?${formatServiceQuery({ ...DEFAULT_SERVICE_QUERY, pool })}`}
            className="text-sky-700 hover:underline dark:text-sky-400"
          >
            All services in {pool}
          </Link>
        </p>
      )}
    </div>
  );
}
