// The Audit page (admins): every change made through the dashboard, newest first, with who, when,
// what, and the difference between the object before and after. Filters live in the URL.
import type { Metadata } from 'next';
import Link from 'next/link';
import { canPrincipal, requirePagePrincipal } from '@/server/auth/page';
import { listAudit, parseAuditQuery } from '@/server/auth/audit';
import { syncApiServerAudit } from '@/server/auth/apiserver-audit';
import { AdminOnly } from '../users/admin-only';
import { AuditRow } from './audit-row';

export const metadata: Metadata = { title: 'Audit · ironlb' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const field =
  'rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900';

export default async function AuditPage({ searchParams }: Props) {
  const principal = await requirePagePrincipal();
  if (!canPrincipal(principal, 'admin')) return <AdminOnly what="the audit log" />;
  const params = await searchParams;
  const query = parseAuditQuery(params);
  const filters = query.ok ? query.value : {};
  if (query.ok) syncApiServerAudit();
  const page = query.ok ? listAudit({ ...query.value, limit: query.value.limit ?? 50 }) : { items: [], nextCursor: null };
  const next = new URLSearchParams();
  for (const key of ['actor', 'action', 'resource'] as const) if (filters[key]) next.set(key, filters[key]!);
  if (page.nextCursor !== null) next.set('before', String(page.nextCursor));

  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-xl font-semibold">Audit log</h1>
        <p className="text-sm text-zinc-500 dark:text-zinc-400">Every change made through the dashboard, the API, the CLI or kubectl with the embedded cluster's kubeconfig, and every refused attempt.</p>
      </header>
      <form method="get" className="flex flex-wrap items-end gap-2" aria-label="Filter the audit log">
        <label className="text-xs text-zinc-500">User<br /><input name="actor" defaultValue={filters.actor} className={field} /></label>
        <label className="text-xs text-zinc-500">Action<br /><input name="action" defaultValue={filters.action} placeholder="create, update, delete…" className={field} /></label>
        <label className="text-xs text-zinc-500">Resource starts with<br /><input name="resource" defaultValue={filters.resource} placeholder="IPAddressPool/" className={field} /></label>
        <button type="submit" className="rounded-md bg-sky-600 px-3 py-1.5 text-sm text-white hover:bg-sky-700">Filter</button>
        <Link href="/audit" className="px-2 py-1.5 text-sm text-zinc-500 hover:underline">Clear</Link>
      </form>
      {!query.ok && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">{query.message}</p>}
      {query.ok && page.items.length === 0 && (
        <p className="rounded-md border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-500 dark:border-zinc-700">
          No changes recorded{Object.values(filters).some(Boolean) ? ' for these filters' : ' yet: changes to pools, advertisements, nodes and users appear here'}.
        </p>
      )}
      {page.items.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-left text-sm">
            <thead className="bg-zinc-100 text-xs uppercase text-zinc-500 dark:bg-zinc-900">
              <tr>
                <th className="px-3 py-2">When (UTC)</th>
                <th className="px-3 py-2">Who</th>
                <th className="px-3 py-2">Action</th>
                <th className="px-3 py-2">Resource</th>
                <th className="px-3 py-2">Change</th>
              </tr>
            </thead>
            <tbody>{page.items.map((entry) => <AuditRow key={entry.id} entry={entry} />)}</tbody>
          </table>
        </div>
      )}
      {page.nextCursor !== null && (
        <Link href={`/audit?${next.toString()}`} className="inline-block text-sm text-sky-700 hover:underline dark:text-sky-400">
          Older entries →
        </Link>
      )}
    </div>
  );
}
