'use client';
// Preflight: the checks behind most "my IP does not work" reports, each with its status in
// words, its details, what was checked (and what could not be known), and a one-click fix where
// there is one (kube-proxy strictARP).
import { useQuery } from '@tanstack/react-query';
import { apiPaths, queryKeys, type CheckStatus, type PreflightCheck } from '@/lib/views';
import { requestJson } from '@/components/data/api';
import { preflightQuery } from '@/components/data/queries';
import { useWrite } from '@/components/data/use-write';
import { Button } from '@/components/ui/button';
import { ErrorBox, TableSkeleton } from '@/components/ui/feedback';
import { Badge } from '@/components/ui/state-badge';

const LOOK: Record<CheckStatus, { icon: string; word: string; cls: string }> = {
  ok: { icon: '●', word: 'ok', cls: 'text-emerald-700 dark:text-emerald-400' },
  info: { icon: 'ℹ', word: 'info', cls: 'text-zinc-600 dark:text-zinc-400' },
  warn: { icon: '▲', word: 'warning', cls: 'text-amber-700 dark:text-amber-400' },
  error: { icon: '✖', word: 'error', cls: 'text-red-700 dark:text-red-400' },
};

function FixButton({ check }: { check: PreflightCheck }) {
  const fix = useWrite({
    run: () => requestJson<{ changed: boolean; state: string }>('POST', apiPaths.preflightFix),
    success: (r) => (r.changed ? 'kube-proxy now has strictARP: true (restart kube-proxy pods to apply it)' : 'strictARP was already true'),
    failure: 'Could not patch kube-proxy',
    invalidate: [queryKeys.preflight],
  });
  if (!check.fix) return null;
  return (
    <Button tone="primary" onClick={() => fix.mutate(undefined)} pending={fix.isPending}>
      {check.fix.label}
    </Button>
  );
}

export function PreflightView({ canWrite }: { canWrite: boolean }) {
  const { data, error, isPending, refetch } = useQuery(preflightQuery());
  if (isPending) return <TableSkeleton label="Running checks" />;
  if (error) return <ErrorBox message={error.message} onRetry={() => void refetch()} />;
  return (
    <ul className="space-y-3">
      {data.checks.map((c) => (
        <li key={c.id} data-testid="preflight-check" data-check={c.id} data-status={c.status} className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div className="min-w-0">
              <h2 className="flex items-center gap-2 font-semibold">
                {c.title} <Badge look={LOOK[c.status]} />
              </h2>
              <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">{c.summary}</p>
            </div>
            {canWrite && <FixButton check={c} />}
          </div>
          {c.details.length > 0 && (
            <ul className="mt-2 list-inside list-disc text-sm text-zinc-600 dark:text-zinc-400">
              {c.details.slice(0, 30).map((d) => (
                <li key={d}>{d}</li>
              ))}
              {c.details.length > 30 && <li>and {c.details.length - 30} more</li>}
            </ul>
          )}
          {c.notes && c.notes.length > 0 && (
            <details className="mt-2 text-xs text-zinc-500 dark:text-zinc-400" data-testid="preflight-notes">
              <summary className="cursor-pointer">What was checked</summary>
              <ul className="mt-1 list-inside list-disc">
                {c.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}
