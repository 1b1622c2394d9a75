// The shipped rule files and manifests, read as Prometheus and the Prometheus Operator would:
// every expression parses with Prometheus's grammar and evaluates, the plain file and the
// PrometheusRule agree, MetalLB's alert names are all there, every alert says what to do in
// docs/operators.md, and every metric it names is in the catalogue. The overlay's build and apply:
// test/deploy/monitoring.test.ts.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { findMetric, METRIC_CATALOGUE } from '../../lib/metrics/catalogue';
import { evaluate, metricNames, syntaxErrors } from './support/promql';
import { allRules, loadRuleGroups, PROMETHEUS_RULE, readRepoFile, type RuleGroup } from './support/rules';
import { parseScrapes, SeriesStore } from './support/series-store';

const METALLB_CHART_ALERTS = [
  'MetalLBStaleConfig',
  'MetalLBConfigNotLoaded',
  'MetalLBAddressPoolExhausted',
  'MetalLBAddressPoolUsage75Percent',
  'MetalLBAddressPoolUsage85Percent',
  'MetalLBAddressPoolUsage95Percent',
];

/** GitHub's anchor for a Markdown heading. */
const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
const docAnchors = () => new Set([...readRepoFile('docs/operators.md').matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));

describe('alert rules', () => {
  const rules = allRules();

  it('the PrometheusRule carries exactly the groups of the plain rules file', () => {
    const cr = parse(readRepoFile(PROMETHEUS_RULE)) as { apiVersion: string; kind: string; metadata: { namespace: string }; spec: { groups: RuleGroup[] } };
    expect([cr.apiVersion, cr.kind, cr.metadata.namespace]).toEqual(['monitoring.coreos.com/v1', 'PrometheusRule', 'metallb-system']);
    expect(cr.spec.groups).toEqual(loadRuleGroups());
  });

  it.each(rules.map((r) => [r.alert ?? r.record, r.expr]))('%s parses with Prometheus\'s grammar and evaluates', (_, expr) => {
    expect(syntaxErrors(expr)).toEqual([]);
    const store = new SeriesStore(parseScrapes(readRepoFile('test/monitoring/fixtures/healthy.prom')));
    expect(evaluate(expr, store, 3600).kind).toBe('vector');
  });

  it("keeps every alert of MetalLB's Helm chart under its name", () => {
    const names = rules.map((r) => r.alert);
    for (const name of METALLB_CHART_ALERTS) expect(names).toContain(name);
  });

  it('every alert has a severity, words, and a runbook section that exists in docs/operators.md', () => {
    const anchors = docAnchors();
    for (const r of rules.filter((x) => x.alert)) {
      expect(['warning', 'critical'], r.alert).toContain(r.labels?.severity);
      expect(r.annotations?.summary, r.alert).toBeTruthy();
      expect(r.annotations?.description, r.alert).toBeTruthy();
      const anchor = /^docs\/operators\.md#(.+)$/.exec(r.annotations?.runbook ?? '')?.[1];
      expect(anchor && anchors.has(anchor), `${r.alert}: runbook ${r.annotations?.runbook}`).toBe(true);
    }
  });

  it('names only metrics of the catalogue (or recorded by an earlier rule)', () => {
    const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));
    const unknown = rules.flatMap((r) => metricNames(r.expr)).filter((n) => !findMetric(n) && !recorded.has(n));
    expect(unknown).toEqual([]);
  });
});

describe('operators page', () => {
  it('lists every metric of the catalogue with its labels', () => {
    const page = readRepoFile('docs/operators.md');
    for (const m of METRIC_CATALOGUE) {
      const row = page.split('\n').find((l) => l.startsWith(`| \`${m.name}\``));
      expect(row, m.name).toBeDefined();
      for (const label of m.labels) expect(row, `${m.name} label ${label}`).toContain(`\`${label}\``);
    }
  });
});
