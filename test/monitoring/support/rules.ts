// The shipped rule files, read, and evaluated the way Prometheus's rule manager does: every
// evaluation time runs the group in order (recording rules add their results as series), and an
// alert fires once its expression has returned the same label set at every evaluation for its
// `for` duration. The evaluation times are the recorded scrapes' times.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Labels } from './exposition';
import { evaluateVector, parseDuration } from './promql';
import { labelsKey, SeriesStore, type Scrape } from './series-store';

export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface RuleGroup {
  name: string;
  rules: Rule[];
}

export const REPO = fileURLToPath(new URL('../../..', import.meta.url));
export const PLAIN_RULES = 'deploy/monitoring/ironlb-rules.yaml';
export const PROMETHEUS_RULE = 'deploy/overlays/monitoring/prometheusrule.yaml';
export const GRAFANA_DASHBOARD = 'deploy/monitoring/grafana-dashboard.json';

export const readRepoFile = (path: string): string => readFileSync(`${REPO}/${path}`, 'utf8');

export function loadRuleGroups(): RuleGroup[] {
  return (parse(readRepoFile(PLAIN_RULES)) as { groups: RuleGroup[] }).groups;
}

export function allRules(groups = loadRuleGroups()): Rule[] {
  return groups.flatMap((g) => g.rules);
}

export function alertRule(name: string, groups = loadRuleGroups()): Rule {
  const rule = allRules(groups).find((r) => r.alert === name);
  if (!rule) throw new Error(`no alert ${name} in ${PLAIN_RULES}`);
  return rule;
}

/** Alerts firing at time `at` (default: the last scrape), each with its labels. */
export function firingAlerts(scrapes: readonly Scrape[], at?: number, groups = loadRuleGroups()): { alert: string; labels: Labels }[] {
  const store = new SeriesStore(scrapes);
  const times = store.times();
  const end = at ?? times[times.length - 1];
  const activeSince = new Map<string, { since: number; alert: string; labels: Labels }>();
  for (const t of times.filter((x) => x <= end)) {
    for (const group of groups) {
      for (const rule of group.rules) {
        const samples = evaluateVector(rule.expr, store, t);
        if (rule.record) {
          const name = rule.record;
          store.add({ t, target: {}, targetKey: `rule ${name}`, samples: samples.map((s) => ({ labels: { ...s.labels, __name__: name }, value: s.v })) });
          continue;
        }
        const seen = new Set<string>();
        for (const s of samples) {
          const key = `${rule.alert} ${labelsKey(s.labels)}`;
          seen.add(key);
          if (!activeSince.has(key)) activeSince.set(key, { since: t, alert: rule.alert!, labels: s.labels });
        }
        for (const key of [...activeSince.keys()]) if (key.startsWith(`${rule.alert} `) && !seen.has(key)) activeSince.delete(key);
      }
    }
  }
  const holdFor = (alert: string) => parseDuration(alertRule(alert, groups).for ?? '0s');
  return [...activeSince.values()]
    .filter((a) => end - a.since >= holdFor(a.alert))
    .map(({ alert, labels }) => ({ alert, labels }));
}

/** Alerts whose expression returns something at time t, `for` ignored (one scrape is one instant). */
export function alertsAt(scrapes: readonly Scrape[], t: number, groups = loadRuleGroups()): { alert: string; labels: Labels }[] {
  const instant = groups.map((g) => ({ ...g, rules: g.rules.map((r) => ({ ...r, for: undefined })) }));
  return firingAlerts(scrapes, t, instant);
}
