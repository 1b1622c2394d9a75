// The queries of the shipped Grafana dashboard, with its template variables replaced by what
// Grafana would send for "All" ($pool -> .*) and $__rate_interval by four scrape intervals (what Grafana sends for a 1 m scrape), so each can
// be parsed and evaluated like a rule.

export interface GrafanaTarget {
  refId?: string;
  expr?: string;
  datasource?: { type?: string; uid?: string };
}
export interface GrafanaPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type?: string; uid?: string };
  targets?: GrafanaTarget[];
  panels?: GrafanaPanel[];
}
export interface GrafanaVariable {
  type: string;
  name: string;
  query?: string | { query?: string };
  definition?: string;
  datasource?: { type?: string; uid?: string };
}
export interface GrafanaDashboard {
  title: string;
  uid: string;
  schemaVersion: number;
  panels: GrafanaPanel[];
  templating: { list: GrafanaVariable[] };
}

/** What each variable stands for when evaluating (the "All" choice). */
const SUBSTITUTIONS: Record<string, string> = { __rate_interval: '4m', pool: '.*', node: '.*' };

export function substituteVariables(expr: string): string {
  return expr.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => {
    const value = SUBSTITUTIONS[name];
    if (value === undefined) throw new Error(`unknown Grafana variable ${whole} in: ${expr}`);
    return value;
  });
}

export function allPanels(d: GrafanaDashboard): GrafanaPanel[] {
  return d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** Every PromQL query: panel targets (variables substituted), and the metric of each label_values() variable. */
export function grafanaQueries(d: GrafanaDashboard): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  for (const p of allPanels(d)) for (const t of p.targets ?? []) if (t.expr) out.push({ where: `panel "${p.title}" ${t.refId}`, expr: substituteVariables(t.expr) });
  for (const v of d.templating.list) {
    if (v.type !== 'query') continue;
    const q = typeof v.query === 'string' ? v.query : v.query?.query ?? '';
    const m = /^label_values\((\w+),\s*\w+\)$/.exec(q);
    if (!m) throw new Error(`variable ${v.name}: only label_values(metric, label) is expected, got ${q}`);
    out.push({ where: `variable ${v.name}`, expr: m[1] });
  }
  return out;
}
