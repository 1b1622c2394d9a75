'use client';
// A pool's utilisation over time and its exhaustion forecast: the used count as steps, the
// pool's size, and a dashed line from now at the current allocation rate to where it is full.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { describeForecast, toUsageChart, type PoolForecast } from '@/lib/history';
import { poolForecastQuery, poolUsageQuery } from '@/components/data/queries';
import { ErrorBox, Skeleton } from '@/components/ui/feedback';
import { Clock } from '@/components/ui/time';
import { cx } from '@/components/ui/cx';
import { axis, TimeChart, type ChartOptions } from './time-chart';

const OPTIONS: ChartOptions = {
  scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
  axes: [axis(), axis({ size: 50 })],
  series: [
    {},
    { label: 'used', stroke: '#0284c7', width: 2, fill: 'rgba(2,132,199,0.12)', points: { show: false } },
    { label: 'size', stroke: '#71717a', width: 1, dash: [4, 4], points: { show: false } },
    { label: 'at this rate', stroke: '#dc2626', width: 2, dash: [6, 4], points: { show: false }, spanGaps: true },
  ],
};

/** Under an hour of samples gives no rate (lib/history/forecast MIN_SPAN_MS). */
const MIN_SPAN_MS = 3_600_000;

function ForecastLine({ f, spanMs }: { f: PoolForecast; spanMs: number }) {
  // Render time is the only clock a client component has; the words follow each refetch.
  const now = Date.now();
  const words = describeForecast(f, now);
  const soon = f.exhaustedAt !== null && Date.parse(f.exhaustedAt) - now < 7 * 86_400_000;
  const rate =
    spanMs < MIN_SPAN_MS && f.ratePerDay === 0
      ? 'too little history yet for a rate (it needs an hour)'
      : `${f.ratePerDay > 0 ? '+' : ''}${f.ratePerDay.toLocaleString('en-US', { maximumFractionDigits: 2 })} IPs/day over the last 7 days`;
  return (
    <p className="text-sm" data-testid="forecast" data-exhausted-at={f.exhaustedAt ?? ''}>
      <span className={cx('font-medium', soon ? 'text-red-700 dark:text-red-400' : 'text-zinc-800 dark:text-zinc-100')}>
        <span aria-hidden>{soon ? '▲ ' : '● '}</span>
        {f.exhaustedAt ? `At this rate ${f.pool} is ${words}` : `${f.pool} does not fill up at this rate`}
      </span>
      {f.exhaustedAt && words !== 'full now' && (
        <>
          {' '}(<Clock iso={f.exhaustedAt} />)
        </>
      )}
      <span className="block text-xs text-zinc-500">
        {f.used} of {f.size.toLocaleString('en-US')} used; {rate}.
      </span>
    </p>
  );
}

const spanOf = (points: { at: number }[]) => (points.length ? points[points.length - 1].at - points[0].at : 0);

export function PoolUsageChart({ pool }: { pool: string }) {
  const usage = useQuery(poolUsageQuery(pool));
  const forecast = useQuery(poolForecastQuery(pool));
  const data = useMemo(() => {
    const chart = toUsageChart(usage.data?.points ?? [], forecast.data ?? null, Date.now());
    return [chart.xs, chart.used, chart.size, chart.forecast] as [number[], ...(number | null)[][]];
  }, [usage.data, forecast.data]);
  if (usage.isPending || forecast.isPending) return <Skeleton className="h-56 w-full" />;
  const error = usage.error ?? forecast.error;
  if (error) return <ErrorBox message={error.message} onRetry={() => void Promise.all([usage.refetch(), forecast.refetch()])} />;
  return (
    <div className="space-y-2">
      <ForecastLine f={forecast.data!} spanMs={spanOf(usage.data!.points)} />
      {data[0].length === 0 ? (
        <p className="text-sm text-zinc-500">No utilisation recorded yet: the chart fills as IPs are handed out.</p>
      ) : (
        <TimeChart options={OPTIONS} data={data} label={`${pool}: addresses used over time, the pool's size, and the forecast at the current rate`} testId="usage-chart" />
      )}
    </div>
  );
}
