// Discovery documents kubectl 1.20..1.33 and client-node need: /version, legacy /api and /apis trees,
// and the minimal protobuf OpenAPI v2 document that `kubectl apply` and `edit` insist on fetching.
import type { Registry, ResourceDef } from './registry';

export const SERVER_VERSION = {
  major: '1',
  minor: '33',
  gitVersion: 'v1.33.0+ironlb',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-01-01T00:00:00Z',
  goVersion: 'go1.24.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function apiResources(defs: ResourceDef[]): Record<string, unknown>[] {
  return defs.flatMap((d) => {
    const main: Record<string, unknown> = { name: d.resource, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: d.verbs };
    if (d.shortNames.length > 0) main.shortNames = d.shortNames;
    if (d.categories.length > 0) main.categories = d.categories;
    const sub = { singularName: '', namespaced: d.namespaced, verbs: ['get', 'patch', 'update'] };
    const status = d.hasStatus ? [{ name: `${d.resource}/status`, ...sub, kind: d.kind }] : [];
    const scale = d.scale ? [{ name: `${d.resource}/scale`, ...sub, group: 'autoscaling', version: 'v1', kind: 'Scale' }] : [];
    return [main, ...status, ...scale];
  });
}

export function resourceList(registry: Registry, group: string, version: string): string | undefined {
  const defs = registry.defs.filter((d) => d.group === group && d.version === version);
  if (defs.length === 0) return undefined;
  return JSON.stringify({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: apiResources(defs) });
}

// Among a group's versions, kube-aggregator ordering prefers the newest (v1beta2 over v1beta1).
const versionRank = (v: string) => {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return 0;
  const stage = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
  return Number(m[1]) * 10000 + stage * 1000 + Number(m[3] ?? 0);
};

function apiGroup(registry: Registry, group: string): Record<string, unknown> {
  const versions = registry.groupVersions().filter((gv) => gv.group === group)
    .sort((a, b) => versionRank(b.version) - versionRank(a.version))
    .map((gv) => ({ groupVersion: `${group}/${gv.version}`, version: gv.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function groupJson(registry: Registry, group: string): string | undefined {
  if (!registry.groupVersions().some((gv) => gv.group === group && group !== '')) return undefined;
  return JSON.stringify({ kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(registry, group) });
}

export function groupListJson(registry: Registry): string {
  const groups = [...new Set(registry.groupVersions().map((gv) => gv.group).filter((g) => g !== ''))];
  return JSON.stringify({ kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => apiGroup(registry, g)) });
}

export function coreVersionsJson(serverAddress: string): string {
  return JSON.stringify({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] });
}

export function rootPathsJson(registry: Registry): string {
  const paths = ['/api', '/api/v1', '/apis', ...registry.groupVersions().filter((gv) => gv.group).flatMap((gv) => [`/apis/${gv.group}`, `/apis/${gv.group}/${gv.version}`]),
    '/healthz', '/livez', '/readyz', '/openapi/v2', '/openapi/v3', '/version'];
  return JSON.stringify({ paths: [...new Set(paths)] });
}
