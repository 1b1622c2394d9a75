'use client';
// The failover timelines: for a service, which node announced it over time with a marker per
// change in its cause's colour; for a node, the IPs it took over and lost, by cause.
import { useMemo } from 'react';
import { MARKER_KEYS, toAnnouncerTimeline, toNodeTimeline, type HistoryEntry } from '@/lib/history';
import { lookOf } from './cause-look';
import { axis, TimeChart, type ChartOptions } from './time-chart';

const lookOfKey = (k: string) => lookOf(k === 'first' ? null : (k as Parameters<typeof lookOf>[0]));

/** Y axis over named lanes: a tick per lane, labelled with its name. */
function laneAxis(lanes: readonly string[]) {
  return axis({ size: 110, splits: () => lanes.map((_, i) => i), values: (_u, splits) => splits.map((v) => lanes[v] ?? '') });
}

const markerSeries = (key: string, fill: string) => ({
  label: lookOfKey(key).word,
  stroke: fill,
  width: 0,
  points: { show: true, size: 10, fill, stroke: fill },
});

export function AnnouncerTimelineChart({ entries, now }: { entries: HistoryEntry[]; now: number }) {
  const tl = useMemo(() => toAnnouncerTimeline(entries, now), [entries, now]);
  const used = MARKER_KEYS.filter((k) => tl.markers[k].some((v) => v !== null));
  const lanesKey = tl.lanes.join('|');
  const usedKey = used.join('|');
  const options = useMemo<ChartOptions>(
    () => ({
      scales: { x: { time: true }, y: { range: [-0.5, Math.max(tl.lanes.length - 0.5, 0.5)] } },
      axes: [axis(), laneAxis(tl.lanes)],
      series: [{}, { label: 'announcer', stroke: '#0284c7', width: 2, points: { show: false } }, ...used.map((k) => markerSeries(k, lookOfKey(k).color))],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the lanes and causes, by value
    [lanesKey, usedKey],
  );
  const data = useMemo(() => [tl.xs, tl.announcer, ...used.map((k) => tl.markers[k])] as [number[], ...(number | null)[][]], [tl, usedKey]); // eslint-disable-line react-hooks/exhaustive-deps
  if (tl.xs.length === 0) return <p className="text-sm text-zinc-500">No announcer yet: the timeline starts with the first announcement.</p>;
  return <TimeChart options={options} data={data} label={`Announcing node over time: ${tl.lanes.join(', ')}`} height={Math.max(160, 50 * tl.lanes.length + 80)} testId="announcer-timeline" />;
}

export function NodeTimelineChart({ entries, node }: { entries: HistoryEntry[]; node: string }) {
  const tl = useMemo(() => toNodeTimeline(entries, node), [entries, node]);
  const lanes = tl.lanes.map((k) => lookOfKey(k).word);
  const options = useMemo<ChartOptions>(
    () => ({
      scales: { x: { time: true }, y: { range: [-0.5, lanes.length - 0.5] } },
      axes: [axis(), axis({ size: 180, splits: () => lanes.map((_, i) => i), values: (_u, splits) => splits.map((v) => lanes[v] ?? '') })],
      series: [
        {},
        { label: 'took over an IP', stroke: '#059669', width: 0, points: { show: true, size: 10, fill: '#059669', stroke: '#059669' } },
        { label: 'lost an IP', stroke: '#dc2626', width: 0, points: { show: true, size: 10, fill: '#dc2626', stroke: '#dc2626' } },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the lanes never change
    [],
  );
  const data = useMemo(() => [tl.xs, tl.gained, tl.lost] as [number[], ...(number | null)[][]], [tl]);
  if (tl.xs.length === 0) return <p className="text-sm text-zinc-500">This node has not taken over or lost an IP yet.</p>;
  return <TimeChart options={options} data={data} label={`IPs ${node} took over and lost, by cause`} height={300} testId="node-timeline" />;
}
