'use client';
// A time-series chart on uPlot (canvas): chosen because it draws tens of thousands of points in
// a few milliseconds and redraws on new data without re-rendering React, at ~50 KB; a history of
// 500 changes or a week of per-minute samples is nothing to it, where SVG charting libraries
// (Recharts) build one DOM node per point. Loaded on first use, in the browser only.
import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

const AXIS = { stroke: '#71717a', grid: { stroke: 'rgba(113,113,122,0.18)', width: 1 }, ticks: { stroke: 'rgba(113,113,122,0.3)', width: 1 } };

/** Axis colours that read on the light and the dark theme alike. */
export const axis = (extra: Partial<uPlot.Axis> = {}): uPlot.Axis => ({ ...AXIS, ...extra });

export function TimeChart({
  options,
  data,
  label,
  height = 220,
  testId,
}: {
  options: ChartOptions;
  data: uPlot.AlignedData;
  label: string;
  height?: number;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;

  // Options shape the chart (series, axes): a new set makes a new chart.
  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import('uplot').then(({ default: UPlot }) => {
      const el = box.current;
      if (disposed || !el) return;
      const chart = new UPlot({ ...options, width: Math.max(el.clientWidth, 200), height }, latest.current, el);
      plot.current = chart;
      el.dataset.ready = 'true';
      observer = new ResizeObserver(() => chart.setSize({ width: Math.max(el.clientWidth, 200), height }));
      observer.observe(el);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [options, height]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div ref={box} role="img" aria-label={label} data-testid={testId} className="w-full min-w-0" style={{ minHeight: height }} />;
}
