// The dashboard's worker operations, by name. Each resolves this runtime's Dashboard (503 when
// the cluster connection is not there yet) and calls one function of server/dashboard.
import { getDashboard, type Dashboard } from '../../dashboard/dashboard';
import { previewImport, applyImport, readClusterLegacyConfig } from '../../dashboard/writes/import';
import { createAdvertisement, deleteAdvertisement, updateAdvertisement } from '../../dashboard/writes/advertisements';
import { fixKubeProxyStrictArp } from '../../dashboard/writes/kube-proxy';
import { setNodeExclusion } from '../../dashboard/writes/nodes';
import { createPool, deletePool, updatePool } from '../../dashboard/writes/pools';
import { runWhatIf } from '../../dashboard/writes/whatif';
import { runConfigPreview } from '../../dashboard/writes/preview';
import {
  readAdvertisement,
  readAdvertisements,
  readEvents,
  readNodes,
  readOverview,
  readPool,
  readPools,
  readPreflight,
  readServiceDetail,
  readServices,
  readStreamPosition,
  readRawObject,
  readLabelIndex,
} from '../../dashboard/queries';
import type { DashboardRuntime } from '../../dashboard/runtime-view';
import type { Handler } from '../ops';

type Args = Record<string, unknown>;
type DashOp = (dash: Dashboard, args: Args) => Promise<unknown> | unknown;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
/** The version an edit started from (see writes/edit.ts). */
const since = (a: Record<string, unknown>) => ({
  resourceVersion: str(a.resourceVersion) || undefined,
  generation: typeof a.generation === 'number' ? a.generation : undefined,
});

const describeUnreachable = (u: { since: number; error: string } | undefined) =>
  u && { since: new Date(u.since).toISOString(), error: u.error };

function withDashboard(op: DashOp): Handler {
  return async (runtime, args) => op(getDashboard(runtime as unknown as DashboardRuntime), (args ?? {}) as Args);
}

export const dashboardOps: Record<string, DashOp> = {
  'cluster.info': (dash) => ({
    ...dash.runtime.describe(),
    systemNamespace: dash.systemNamespace,
    server: dash.kube.request.server,
    synced: dash.cache.isSynced(),
    unreachable: describeUnreachable(dash.cache.unreachable()),
  }),
  'stream.position': (dash) => readStreamPosition(dash),
  'objects.get': (dash, a) => readRawObject(dash, str(a.kind), str(a.name)),
  'overview.get': (dash) => readOverview(dash),
  'services.list': (dash) => readServices(dash),
  'services.get': (dash, a) => readServiceDetail(dash, str(a.namespace), str(a.name)),
  'pools.list': (dash) => readPools(dash),
  'pools.get': (dash, a) => readPool(dash, str(a.name)),
  'pools.create': (dash, a) => createPool(dash, { form: a.form }),
  'pools.update': (dash, a) => updatePool(dash, { name: str(a.name), form: a.form, ...since(a) }),
  'pools.delete': (dash, a) => deletePool(dash, { name: str(a.name), confirm: a.confirm === true }),
  'l2advertisements.list': (dash) => readAdvertisements(dash),
  'l2advertisements.get': (dash, a) => readAdvertisement(dash, str(a.name)),
  'l2advertisements.create': (dash, a) => createAdvertisement(dash, { form: a.form }),
  'l2advertisements.update': (dash, a) =>
    updateAdvertisement(dash, { name: str(a.name), form: a.form, ...since(a) }),
  'l2advertisements.delete': (dash, a) => deleteAdvertisement(dash, { name: str(a.name) }),
  'nodes.list': (dash) => readNodes(dash),
  'nodes.setExclusion': (dash, a) => setNodeExclusion(dash, { nodes: strings(a.nodes), excluded: a.excluded === true }),
  'events.list': (dash, a) => readEvents(dash, typeof a.limit === 'number' ? a.limit : undefined),
  'preflight.get': (dash) => readPreflight(dash),
  'preflight.fixStrictArp': (dash) => fixKubeProxyStrictArp(dash),
  'whatif.compute': (dash, a) => runWhatIf(dash, { nodes: strings(a.nodes), mode: a.mode === 'drain' ? 'drain' : 'exclude' }),
  'whatif.apply': async (dash, a) => {
    const plan = await runWhatIf(dash, { nodes: strings(a.nodes), mode: 'exclude' });
    await setNodeExclusion(dash, { nodes: strings(a.nodes), excluded: true });
    return plan;
  },
  'preview.compute': (dash, a) => runConfigPreview(dash, { body: a.body, op: a.op === 'delete' ? 'delete' : 'apply' }),
  'labels.get': (dash) => readLabelIndex(dash),
  'import.preview': (dash, a) => previewImport(dash, { text: a.text }),
  'import.apply': (dash, a) => applyImport(dash, { text: a.text }),
  'import.source': (dash) => readClusterLegacyConfig(dash),
};

export const dashboardHandlers: Record<string, Handler> = Object.fromEntries(
  Object.entries(dashboardOps).map(([name, op]) => [name, withDashboard(op)]),
);
