'use client';
// Times as the user reads them: "12:01:33" today, a date otherwise, and ages like "2.8 s".
export function formatClock(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString('en-GB') : d.toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' });
}

export function formatAge(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

export function formatSince(iso: string | null, now = Date.now()): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '—' : formatAge(Math.max(0, now - t));
}

export function Clock({ iso }: { iso: string | null }) {
  return (
    <time dateTime={iso ?? undefined} suppressHydrationWarning>
      {formatClock(iso)}
    </time>
  );
}
