// The Grafana dashboard as Grafana would import it: valid JSON with the data source as a
// variable, panels laid out without overlap, and every query parsed by Prometheus's grammar,
// evaluated on recorded scrapes, and showing data on at least one of them.
import { describe, expect, it } from 'vitest';
import { allPanels, grafanaQueries, substituteVariables, type GrafanaDashboard } from './support/grafana';
import { evaluate, metricNames, syntaxErrors } from './support/promql';
import { GRAFANA_DASHBOARD, readRepoFile } from './support/rules';
import { parseScrapes, SeriesStore } from './support/series-store';

const dashboard = JSON.parse(readRepoFile(GRAFANA_DASHBOARD)) as GrafanaDashboard;
const panels = allPanels(dashboard).filter((p) => p.type !== 'row');
const FIXTURES = ['healthy.prom', 'pool-usage.prom', 'forecast.prom', 'duplicate-announcers.prom', 'foreign-mac.prom', 'not-announced.prom', 'flapping.prom'];
const stores = FIXTURES.map((f) => {
  const store = new SeriesStore(parseScrapes(readRepoFile(`test/monitoring/fixtures/${f}`)));
  const times = store.times();
  const every = Math.ceil(times.length / 20);
  return { f, store, at: times.at(-1)!, sampled: times.filter((_, i) => i % every === 0 || i === times.length - 1) };
});

describe('Grafana dashboard', () => {
  it('takes its Prometheus data source from a variable, in every panel and query', () => {
    const ds = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(ds).toMatchObject({ name: 'datasource', query: 'prometheus' });
    for (const p of panels) {
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      for (const t of p.targets ?? []) expect(t.datasource, `${p.title} ${t.refId}`).toEqual({ type: 'prometheus', uid: '${datasource}' });
    }
    for (const v of dashboard.templating.list.filter((x) => x.type === 'query')) expect(v.datasource, v.name).toEqual({ type: 'prometheus', uid: '${datasource}' });
  });

  it('has unique panel ids and a layout on the 24-column grid without overlaps', () => {
    const all = allPanels(dashboard);
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
    for (const p of all) expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
    const cells = new Set<string>();
    for (const p of all)
      for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++)
        for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
          expect(cells.has(`${x},${y}`), `${p.title} overlaps at ${x},${y}`).toBe(false);
          cells.add(`${x},${y}`);
        }
  });

  it.each(grafanaQueries(dashboard).map((q) => [q.where, q.expr]))('%s parses and evaluates', (_, expr) => {
    expect(syntaxErrors(expr)).toEqual([]);
    for (const { store, at } of stores) expect(() => evaluate(expr, store, at)).not.toThrow();
  });

  it.each(panels.map((p) => [p.title, p]))('"%s" shows data on some recorded scrape', (_, p) => {
    const hasData = (p.targets ?? []).some((t) =>
      stores.some(({ store, sampled }) =>
        sampled.some((at) => {
          const v = evaluate(substituteVariables(t.expr!), store, at);
          return v.kind === 'vector' ? v.samples.length > 0 : v.kind === 'scalar';
        }),
      ),
    );
    expect(hasData).toBe(true);
  });

  it('covers pools, announcements, failovers, ARP/NDP, conflicts and health', () => {
    const used = new Set(grafanaQueries(dashboard).flatMap((q) => metricNames(q.expr)));
    for (const name of [
      'metallb_allocator_addresses_total',
      'metallb_allocator_addresses_in_use_total',
      'ironlb_pool_exhaustion_seconds',
      'metallb_speaker_announced',
      'ironlb_service_announcer_changes_total',
      'metallb_layer2_requests_received',
      'metallb_layer2_responses_sent',
      'ironlb_layer2_conflicts_total',
      'ironlb_controller_leader_bool',
      'metallb_k8s_client_config_stale_bool',
      'ironlb_node_speaker_state',
      'ironlb_speaker_live_members',
    ])
      expect(used, name).toContain(name);
    expect(dashboard.panels.filter((p) => p.type === 'row').map((p) => p.title)).toEqual(['Pools', 'Announcements', 'ARP and NDP', 'Conflicts', 'Controller and speaker health']);
  });
});
