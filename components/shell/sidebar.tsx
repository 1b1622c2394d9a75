'use client';
// The left navigation (docs/ui.md "Shell"): every page, Preflight with a count badge when it warns,
// and the admin pages for admins.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { preflightQuery } from '@/components/data/queries';
import { cx } from '@/components/ui/cx';

const MAIN = [
  { href: '/', label: 'Overview' },
  { href: '/services', label: 'Services' },
  { href: '/pools', label: 'Pools' },
  { href: '/l2advertisements', label: 'L2Advertisements' },
  { href: '/nodes', label: 'Nodes' },
  { href: '/leader-map', label: 'Leader map' },
  { href: '/whatif', label: 'What-if' },
  { href: '/events', label: 'Events' },
  { href: '/import', label: 'Import' },
  { href: '/preflight', label: 'Preflight' },
];

const ADMIN = [
  { href: '/users', label: 'Users' },
  { href: '/audit', label: 'Audit' },
];

function isActive(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

function PreflightCount() {
  const { data } = useQuery(preflightQuery());
  const n = (data?.warnings ?? 0) + (data?.errors ?? 0);
  if (!n) return null;
  return (
    <span
      aria-label={`${n} preflight warning${n > 1 ? 's' : ''}`}
      data-testid="preflight-count"
      className={cx('ml-auto rounded-full px-1.5 text-xs font-semibold', data?.errors ? 'bg-red-600 text-white' : 'bg-amber-500 text-white')}
    >
      {n}
    </span>
  );
}

export function Sidebar({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  const item = (l: { href: string; label: string }) => (
    <li key={l.href}>
      <Link
        href={l.href}
        aria-current={isActive(pathname, l.href) ? 'page' : undefined}
        className={cx(
          'flex items-center rounded-md px-2.5 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-sky-500',
          isActive(pathname, l.href)
            ? 'bg-zinc-200 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-white'
            : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800/60',
        )}
      >
        {l.label}
        {l.href === '/preflight' && <PreflightCount />}
      </Link>
    </li>
  );
  return (
    <nav aria-label="Main" className="flex w-52 shrink-0 flex-col gap-4 border-r border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-950">
      <Link href="/" className="px-2.5 pt-1 text-lg font-semibold tracking-tight">
        iron<span className="text-sky-600">lb</span>
      </Link>
      <ul className="space-y-0.5">{MAIN.map(item)}</ul>
      {isAdmin && (
        <div>
          <p className="px-2.5 pb-1 text-xs font-semibold uppercase tracking-wide text-zinc-400">Admin</p>
          <ul className="space-y-0.5">{ADMIN.map(item)}</ul>
        </div>
      )}
    </nav>
  );
}
