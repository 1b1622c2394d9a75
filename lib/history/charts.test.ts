import { describe, expect, it } from 'vitest';
import { toAnnouncerTimeline, toNodeTimeline, toUsageChart } from './charts';
import type { HistoryEntry } from './types';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();
const change = (s: number, previousNode: string | null, node: string | null, cause: HistoryEntry['cause']): HistoryEntry => ({
  at: t(s), kind: 'announcerChanged', service: 'shop/web', ip: '10.20.13.15', pool: 'p', node, previousNode, cause, detail: null, by: null, resourceVersion: null, inferred: false,
});
const x = (s: number) => Date.parse(t(s)) / 1000;

describe('toAnnouncerTimeline', () => {
  it('draws the announcer as steps between lanes, with a marker per change in its cause', () => {
    const entries = [change(20, 'node02', 'node03', 'nodeGone'), change(10, 'node01', 'node02', 'excluded'), change(0, null, 'node01', null)];
    const tl = toAnnouncerTimeline(entries, Date.parse(t(30)));
    expect(tl.lanes).toEqual(['node01', 'node02', 'node03']);
    expect(tl.announcer).toEqual([0, 0, 1, 1, 2, 2]);
    expect(tl.xs[0]).toBe(x(0));
    expect(tl.xs.at(-1)).toBe(x(30));
    expect(tl.markers.first).toEqual([0, null, null, null, null, null]);
    expect(tl.markers.excluded).toEqual([null, null, 1, null, null, null]);
    expect(tl.markers.nodeGone).toEqual([null, null, null, null, 2, null]);
  });

  it('leaves a gap while nobody announces', () => {
    const tl = toAnnouncerTimeline([change(0, null, 'node01', null), change(5, 'node01', null, 'endpointsMoved')], Date.parse(t(9)));
    expect(tl.announcer).toEqual([0, 0, null, null]);
    expect(tl.markers.endpointsMoved).toEqual([null, null, 0, null]);
  });
});

describe('toNodeTimeline', () => {
  it("puts a node's gains and losses at their cause's lane", () => {
    const entries = [change(0, null, 'node01', null), change(10, 'node01', 'node02', 'excluded'), change(20, 'node03', 'node01', 'speakerRestart')];
    const tl = toNodeTimeline(entries, 'node01');
    expect(tl.gained).toEqual([tl.lanes.indexOf('first'), null, tl.lanes.indexOf('speakerRestart')]);
    expect(tl.lost).toEqual([null, tl.lanes.indexOf('excluded'), null]);
  });
});

describe('toUsageChart', () => {
  const NOW = Date.parse(t(0)) + 86_400_000;
  it('steps the used count and draws the forecast from now to exhaustion', () => {
    const chart = toUsageChart(
      [{ at: NOW - 86_400_000, used: 2, size: 6 }, { at: NOW, used: 3, size: 6 }],
      { pool: 'p', size: 6, used: 3, ratePerDay: 1, exhaustedAt: new Date(NOW + 3 * 86_400_000).toISOString() },
      NOW,
    );
    expect(chart.used).toEqual([2, 2, 3, null]);
    expect(chart.forecast).toEqual([null, null, 3, 6]);
    expect(chart.xs.at(-1)).toBe((NOW + 3 * 86_400_000) / 1000);
  });

  it('draws no forecast when the pool is not filling', () => {
    const chart = toUsageChart([{ at: NOW, used: 3, size: 6 }], { pool: 'p', size: 6, used: 3, ratePerDay: 0, exhaustedAt: null }, NOW);
    expect(chart.forecast).toEqual([null]);
  });
});
