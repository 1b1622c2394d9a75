// Plausible, valid request bodies for the dashboard's writes, and real names for dynamic path
// segments: a refused request is only convincing if the same request would have changed something.
import type { RouteFile } from './routes';

const probePool = (name: string, cidr: string) => ({ name, addresses: [cidr], autoAssign: true, avoidBuggyIPs: false });
const probeAdvertisement = (name: string) => ({
  name,
  ipAddressPools: [],
  ipAddressPoolSelectors: [],
  nodeSelectors: [],
  interfaces: [],
  serviceSelectors: [],
  preferredNodeSelectors: [],
});

/** A valid body for "METHOD /pattern", or {} when the route is unknown to these tests. */
export function sampleBody(method: string, pattern: string, params: Record<string, string>, nodes: string[]): unknown {
  const key = `${method} ${pattern}`;
  const samples: Record<string, unknown> = {
    'POST /api/v1/pools': probePool('sec-probe', '192.0.2.0/30'),
    'PUT /api/v1/pools/[name]': probePool(params.name ?? 'x', '192.0.2.8/30'),
    'POST /api/v1/l2advertisements': probeAdvertisement('sec-probe'),
    'PUT /api/v1/l2advertisements/[name]': probeAdvertisement(params.name ?? 'x'),
    'POST /api/v1/nodes/exclusions': { nodes: nodes.slice(0, 1), excluded: true },
    'POST /api/v1/whatif/apply': { nodes: nodes.slice(0, 1) },
    'POST /api/v1/whatif': { nodes: nodes.slice(0, 1), mode: 'exclude' },
    'POST /api/v1/import': { text: SEED_CONFIGMAP },
    'POST /api/v1/import/preview': { text: SEED_CONFIGMAP },
    'POST /api/v1/preview': { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'sec-probe' }, spec: { addresses: ['192.0.2.0/30'] } },
    'POST /api/auth/users': { name: 'sec-probe', role: 'admin', password: 'sec-probe-password' },
    'PATCH /api/auth/users/[name]': { role: 'viewer' },
    'POST /api/auth/tokens': { name: 'sec-probe' },
    'PUT /api/auth/password': { current: 'x', password: 'sec-probe-password' },
  };
  return samples[key] ?? {};
}

// The legacy ConfigMap of the seed walkthrough, with a second pool (an import that would change things).
const SEED_CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  namespace: metallb-system
  name: config
data:
  config: |
    address-pools:
    - name: sec-import
      protocol: layer2
      addresses:
      - 198.51.100.0/30
`;

/** Real names for a route's dynamic segments, taken from the collection route above it. */
export async function pickParams(route: RouteFile, baseUrl: string, cookie: string): Promise<Record<string, string>> {
  const params: Record<string, string> = {};
  const names = route.segments.filter((s) => s.kind !== 'static').map((s) => (s as { name: string }).name);
  if (names.length === 0) return params;
  const firstDynamic = route.segments.findIndex((s) => s.kind !== 'static');
  const parent = '/' + route.segments.slice(0, firstDynamic).map((s) => (s as { value: string }).value).join('/');
  let item: Record<string, unknown> = {};
  try {
    const response = await fetch(baseUrl + parent, { headers: { cookie } });
    const body = (await response.json()) as { items?: Record<string, unknown>[] };
    item = body.items?.[0] ?? {};
  } catch {
    // No collection above this route: fall back to made-up names below.
  }
  for (const name of names) {
    const value = item[name] ?? (name === 'id' ? item.id : undefined);
    params[name] = value === undefined ? `sec-probe-${name}` : String(value);
  }
  return params;
}
