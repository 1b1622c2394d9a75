// queryOptions for every dashboard read, keyed by lib/views' queryKeys; the stream reducer
// writes into the same keys, and server pages prefetch them (lib/contract's prefetch gives an
// operation's key). Result types are the worker operations' (lib/contract/worker-ops).
import { queryOptions } from '@tanstack/react-query';
import {
  apiPaths,
  decodeServiceColumns,
  queryKeys,
  type ServiceColumns,
  type AdvertisementView,
  type EventView,
  type NodeView,
  type OverviewView,
  type PoolDetail,
  type PoolView,
  type PreflightReport,
  type ServiceDetail,
  type ServiceView,
  type Versioned,
  type WhatIfMode,
  type WhatIfResult,
  type LabelIndex,
  type ConfigPreview,
} from '@/lib/views';
import type { FlappingReport, HistoryPage, PoolForecast, PoolUsage } from '@/lib/history';
import { getJson, requestJson } from './api';
import type { ClusterInfo, Positioned } from '@/lib/contract/worker-ops';

export type { ClusterInfo, Positioned };

export const overviewQuery = () => queryOptions({ queryKey: queryKeys.overview, queryFn: () => getJson<Positioned<OverviewView>>(apiPaths.overview) });
export const servicesQuery = () =>
  queryOptions({
    queryKey: queryKeys.services,
    queryFn: async (): Promise<Versioned<ServiceView>> => decodeServiceColumns(await getJson<ServiceColumns>(apiPaths.servicesColumns)),
    staleTime: Infinity,
  });
export const serviceQuery = (ns: string, name: string) =>
  queryOptions({ queryKey: queryKeys.service(ns, name), queryFn: () => getJson<ServiceDetail>(apiPaths.service(ns, name)) });
export const poolsQuery = () => queryOptions({ queryKey: queryKeys.pools, queryFn: () => getJson<Versioned<PoolView>>(apiPaths.pools), staleTime: Infinity });
export const poolQuery = (name: string) => queryOptions({ queryKey: queryKeys.pool(name), queryFn: () => getJson<Positioned<PoolDetail>>(apiPaths.pool(name)) });
export const advertisementsQuery = () =>
  queryOptions({ queryKey: queryKeys.advertisements, queryFn: () => getJson<Versioned<AdvertisementView>>(apiPaths.advertisements), staleTime: Infinity });
export const advertisementQuery = (name: string) =>
  queryOptions({ queryKey: queryKeys.advertisement(name), queryFn: () => getJson<AdvertisementView>(apiPaths.advertisement(name)) });
export const nodesQuery = () =>
  queryOptions({ queryKey: queryKeys.nodes, queryFn: () => getJson<Versioned<NodeView>>(apiPaths.nodes), refetchInterval: 2_000 });
export const eventsQuery = () => queryOptions({ queryKey: queryKeys.events, queryFn: () => getJson<Versioned<EventView>>(apiPaths.events), staleTime: Infinity });
export const preflightQuery = () => queryOptions({ queryKey: queryKeys.preflight, queryFn: () => getJson<Positioned<PreflightReport>>(apiPaths.preflight) });
/** Polled: the stream stays live while the cluster behind the dashboard goes away, and this says so. */
export const clusterQuery = () =>
  queryOptions({ queryKey: queryKeys.cluster, queryFn: () => getJson<ClusterInfo>(apiPaths.cluster), staleTime: 4_000, refetchInterval: 5_000 });
export const whatIfQuery = (nodes: readonly string[], mode: WhatIfMode) =>
  queryOptions({
    queryKey: queryKeys.whatif(nodes, mode),
    queryFn: () => requestJson<WhatIfResult>('POST', apiPaths.whatif, { nodes, mode }),
    enabled: nodes.length > 0,
  });

/** Timelines read the last HISTORY_PAGE entries; the export links give the whole range. */
export const HISTORY_PAGE = 500;
const page = `?limit=${HISTORY_PAGE}`;
export const serviceHistoryQuery = (ns: string, name: string) =>
  queryOptions({ queryKey: queryKeys.serviceHistory(ns, name), queryFn: () => getJson<HistoryPage>(apiPaths.serviceHistory(ns, name) + page) });
export const ipHistoryQuery = (ip: string) => queryOptions({ queryKey: queryKeys.ipHistory(ip), queryFn: () => getJson<HistoryPage>(apiPaths.ipHistory(ip) + page) });
export const nodeHistoryQuery = (node: string) => queryOptions({ queryKey: queryKeys.nodeHistory(node), queryFn: () => getJson<HistoryPage>(apiPaths.nodeHistory(node) + page) });
export const poolHistoryQuery = (pool: string) => queryOptions({ queryKey: queryKeys.poolHistory(pool), queryFn: () => getJson<HistoryPage>(apiPaths.poolHistory(pool) + page) });
export const flappingQuery = () => queryOptions({ queryKey: queryKeys.flapping, queryFn: () => getJson<FlappingReport>(apiPaths.flapping), refetchInterval: 60_000 });
export const poolForecastQuery = (pool: string) => queryOptions({ queryKey: queryKeys.poolForecast(pool), queryFn: () => getJson<PoolForecast>(apiPaths.poolForecast(pool)) });
export const poolUsageQuery = (pool: string) => queryOptions({ queryKey: queryKeys.poolUsage(pool), queryFn: () => getJson<PoolUsage>(apiPaths.poolUsage(pool)) });
/** Label keys and values in the cluster, for the selector editor's autocomplete (changes slowly). */
export const labelsQuery = () => queryOptions({ queryKey: queryKeys.labels, queryFn: () => getJson<LabelIndex>(apiPaths.labels), staleTime: 30_000 });
/** What saving (or deleting) a draft object would do; `draftJson` is the object as JSON (the key). */
export const previewQuery = (op: 'apply' | 'delete', draftJson: string | null) =>
  queryOptions({
    queryKey: queryKeys.preview(op, draftJson ?? ''),
    queryFn: () => requestJson<ConfigPreview>('POST', op === 'delete' ? `${apiPaths.preview}?delete=true` : apiPaths.preview, JSON.parse(draftJson ?? 'null')),
    enabled: draftJson !== null,
    staleTime: 5_000,
    retry: false,
  });
