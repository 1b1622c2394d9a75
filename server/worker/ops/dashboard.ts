// The dashboard's worker operations, by name, typed by lib/contract/worker-ops (arguments arrive
// parsed by the route). Each resolves this runtime's Dashboard (503 when the cluster connection is
// not there yet) and calls one function of server/dashboard.
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
import type { OpArgs, OpName, OpResult } from '../../../lib/contract/worker-ops';
import type { Handler } from '../ops';
import type { HistoryOpName } from './history';

/** One dashboard operation, typed by its declaration in lib/contract/worker-ops. */
type DashOp<K extends OpName> = (dash: Dashboard, args: OpArgs<K>) => Promise<OpResult<K>> | OpResult<K>;
type DashOpName = Exclude<OpName, 'ping' | 'shutdown' | 'status' | 'metrics' | 'services.verify' | HistoryOpName>;

const describeUnreachable = (u: { since: number; error: string } | undefined) =>
  u && { since: new Date(u.since).toISOString(), error: u.error };

export const dashboardOps: { [K in DashOpName]: DashOp<K> } = {
  'cluster.info': (dash) => ({
    ...dash.runtime.describe(),
    systemNamespace: dash.systemNamespace,
    server: dash.kube.request.server,
    synced: dash.cache.isSynced(),
    unreachable: describeUnreachable(dash.cache.unreachable()),
  }),
  'stream.position': (dash) => readStreamPosition(dash),
  'objects.get': (dash, a) => readRawObject(dash, a.kind, a.name),
  'overview.get': (dash) => readOverview(dash),
  'services.list': (dash) => readServices(dash),
  'services.get': (dash, a) => readServiceDetail(dash, a.namespace, a.name),
  'pools.list': (dash) => readPools(dash),
  'pools.get': (dash, a) => readPool(dash, a.name),
  'pools.create': (dash, a) => createPool(dash, a),
  'pools.update': (dash, a) => updatePool(dash, a),
  'pools.delete': (dash, a) => deletePool(dash, a),
  'l2advertisements.list': (dash) => readAdvertisements(dash),
  'l2advertisements.get': (dash, a) => readAdvertisement(dash, a.name),
  'l2advertisements.create': (dash, a) => createAdvertisement(dash, a),
  'l2advertisements.update': (dash, a) => updateAdvertisement(dash, a),
  'l2advertisements.delete': (dash, a) => deleteAdvertisement(dash, a),
  'nodes.list': (dash) => readNodes(dash),
  'nodes.setExclusion': (dash, a) => setNodeExclusion(dash, a),
  'events.list': (dash, a) => readEvents(dash, a.limit),
  'preflight.get': (dash) => readPreflight(dash),
  'preflight.fixStrictArp': (dash) => fixKubeProxyStrictArp(dash),
  'whatif.compute': (dash, a) => runWhatIf(dash, a),
  'whatif.apply': async (dash, a) => {
    const plan = await runWhatIf(dash, { nodes: a.nodes, mode: 'exclude' });
    const { before, after } = await setNodeExclusion(dash, { nodes: a.nodes, excluded: true });
    return { answer: plan, before, after };
  },
  'preview.compute': (dash, a) => runConfigPreview(dash, a),
  'labels.get': (dash) => readLabelIndex(dash),
  'import.preview': (dash, a) => previewImport(dash, a),
  'import.apply': (dash, a) => applyImport(dash, a),
  'import.source': (dash) => readClusterLegacyConfig(dash),
};

export const dashboardHandlers = Object.fromEntries(
  Object.entries(dashboardOps).map(([name, op]): [string, Handler] => [
    name,
    async (runtime, args) => (op as DashOp<DashOpName>)(getDashboard(runtime), args as never),
  ]),
);
