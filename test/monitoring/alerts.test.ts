// Each shipped alert on recorded scrapes (test/monitoring/fixtures): where it must fire, with
// which labels, and where it must not. Evaluated like Prometheus's rule manager (support/rules.ts)
// with the PromQL subset of support/promql.ts.
import { describe, expect, it } from 'vitest';
import type { Labels } from './support/exposition';
import { allRules, firingAlerts, loadRuleGroups, readRepoFile, type RuleGroup } from './support/rules';
import { parseScrapes } from './support/series-store';

const fixture = (name: string) => parseScrapes(readRepoFile(`test/monitoring/fixtures/${name}`));

/** Firing alerts of one name at `at` (default: the fixture's end), as `label=value` of `key`. */
function firing(alert: string, name: string, key: string, at?: number, groups?: RuleGroup[]): string[] {
  return firingAlerts(fixture(name), at, groups)
    .filter((a) => a.alert === alert)
    .map((a: { labels: Labels }) => `${key}=${a.labels[key]}`)
    .sort();
}

interface Case {
  alert: string;
  fixture: string;
  key: string;
  fires: string[];
  /** Subjects of the same fixture that must stay quiet (they are in it on purpose). */
  quiet: string[];
  at?: number;
}

const CASES: Case[] = [
  { alert: 'MetalLBStaleConfig', fixture: 'stale-config.prom', key: 'instance', fires: ['instance=10.244.1.5:7472'], quiet: ['instance=10.244.2.7:7472'] },
  { alert: 'MetalLBConfigNotLoaded', fixture: 'config-not-loaded.prom', key: 'instance', fires: ['instance=10.244.3.3:7472'], quiet: ['instance=10.244.2.7:7472'] },
  { alert: 'MetalLBAddressPoolExhausted', fixture: 'pool-usage.prom', key: 'pool', fires: ['pool=full'], quiet: ['pool=p96', 'pool=p70'] },
  { alert: 'MetalLBAddressPoolUsage75Percent', fixture: 'pool-usage.prom', key: 'pool', fires: ['pool=full', 'pool=p80', 'pool=p90', 'pool=p96'], quiet: ['pool=p70'] },
  { alert: 'MetalLBAddressPoolUsage85Percent', fixture: 'pool-usage.prom', key: 'pool', fires: ['pool=full', 'pool=p90', 'pool=p96'], quiet: ['pool=p80'] },
  { alert: 'MetalLBAddressPoolUsage95Percent', fixture: 'pool-usage.prom', key: 'pool', fires: ['pool=full', 'pool=p96'], quiet: ['pool=p90'] },
  { alert: 'IronLBPoolExhaustionForecast', fixture: 'forecast.prom', key: 'pool', fires: ['pool=fast'], quiet: ['pool=slow', 'pool=flat', 'pool=full'] },
  { alert: 'IronLBDuplicateAnnouncers', fixture: 'duplicate-announcers.prom', key: 'ip', fires: ['ip=192.0.2.10'], quiet: ['ip=192.0.2.30'] },
  { alert: 'IronLBForeignMACAnswers', fixture: 'foreign-mac.prom', key: 'ip', fires: ['ip=192.0.2.10', 'ip=192.0.2.20'], quiet: ['ip=192.0.2.30'], at: 480 },
  { alert: 'IronLBServiceNotAnnounced', fixture: 'not-announced.prom', key: 'service', fires: ['service=shop/api'], quiet: ['service=batch/idle', 'service=shop/new'] },
  { alert: 'IronLBSpeakerSilentOnLAN', fixture: 'silent-lan.prom', key: 'peer', fires: ['peer=node03'], quiet: ['peer=node01', 'peer=node02', 'peer=node04'] },
  { alert: 'IronLBFailoverFlapping', fixture: 'flapping.prom', key: 'service', fires: ['service=shop/api'], quiet: ['service=shop/web'] },
];

describe('alerts on recorded scrapes', () => {
  it('every alert has a case here', () => {
    const alerts = allRules().flatMap((r) => (r.alert ? [r.alert] : []));
    expect(CASES.map((c) => c.alert).sort()).toEqual([...alerts].sort());
  });

  it('a healthy cluster fires nothing at any time of its hour', () => {
    for (const at of [60, 600, 1800, 3600]) expect(firingAlerts(fixture('healthy.prom'), at)).toEqual([]);
  });

  it.each(CASES)('$alert fires for $fires and not for $quiet ($fixture)', (c) => {
    const fired = firing(c.alert, c.fixture, c.key, c.at);
    expect(fired).toEqual(c.fires);
    for (const q of c.quiet) expect(fired).not.toContain(q);
  });

  it('an alert waits out its `for`: the stale config is not an alert after 30 s, nor a forecast after 30 min', () => {
    expect(firing('MetalLBStaleConfig', 'stale-config.prom', 'instance', 30)).toEqual([]);
    expect(firing('MetalLBStaleConfig', 'stale-config.prom', 'instance', 60)).toEqual(['instance=10.244.1.5:7472']);
    expect(firing('IronLBPoolExhaustionForecast', 'forecast.prom', 'pool', 1800)).toEqual([]);
  });

  it('a conflict stays an alert for the 5 minutes after it was seen, then resolves', () => {
    expect(firing('IronLBForeignMACAnswers', 'foreign-mac.prom', 'ip', 270)).toEqual([]);
    expect(firing('IronLBForeignMACAnswers', 'foreign-mac.prom', 'ip', 600)).toEqual(['ip=192.0.2.20']);
  });

  it('3 announcer changes in 30 minutes is never flapping; the 4th within the window is', () => {
    for (let at = 0; at <= 2400; at += 300) expect(firing('IronLBFailoverFlapping', 'flapping.prom', 'service', at)).not.toContain('service=shop/web');
  });

  it('the excludePools regex (the first rule) silences exactly the pools it matches', () => {
    const groups = loadRuleGroups();
    const [first] = groups[0].rules;
    expect(first.record).toBe('ironlb:excluded_pools');
    const patched = structuredClone(groups);
    patched[0].rules[0].expr = first.expr.replace('pool=~""', 'pool=~"full|p9.*"');
    expect(patched[0].rules[0].expr).not.toBe(first.expr);
    const pools = (alert: string) => firing(alert, 'pool-usage.prom', 'pool', undefined, patched);
    expect(pools('MetalLBAddressPoolExhausted')).toEqual([]);
    expect(pools('MetalLBAddressPoolUsage75Percent')).toEqual(['pool=p80']);
    expect(pools('MetalLBAddressPoolUsage95Percent')).toEqual([]);
  });
});
