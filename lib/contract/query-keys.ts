// Query keys, API paths and dashboard page paths in one place: server pages prefetch with these keys and client
// components read the same ones; the stream reducer writes into them.
export const queryKeys = {
  overview: ['overview'] as const,
  services: ['services'] as const,
  service: (namespace: string, name: string) => ['service', namespace, name] as const,
  /** Prefix of every service() key. */
  anyService: ['service'] as const,
  pools: ['pools'] as const,
  pool: (name: string) => ['pool', name] as const,
  /** Prefix of every pool() key. */
  anyPool: ['pool'] as const,
  advertisements: ['l2advertisements'] as const,
  advertisement: (name: string) => ['l2advertisement', name] as const,
  nodes: ['nodes'] as const,
  events: ['events'] as const,
  preflight: ['preflight'] as const,
  whatif: (nodes: readonly string[], mode: string) => ['whatif', mode, ...[...nodes].sort()] as const,
  cluster: ['cluster'] as const,
  /** Prefix of every history key: a batch with new ledger entries makes them stale. */
  anyHistory: ['history'] as const,
  serviceHistory: (namespace: string, name: string) => ['history', 'service', namespace, name] as const,
  ipHistory: (ip: string) => ['history', 'ip', ip] as const,
  nodeHistory: (node: string) => ['history', 'node', node] as const,
  poolHistory: (pool: string) => ['history', 'pool', pool] as const,
  flapping: ['history', 'flapping'] as const,
  /** Prefix of every pool usage and forecast key: pool counts changed. */
  anyPoolTrend: ['pool-trend'] as const,
  poolForecast: (pool: string) => ['pool-trend', 'forecast', pool] as const,
  poolUsage: (pool: string) => ['pool-trend', 'usage', pool] as const,
  labels: ['labels'] as const,
  preview: (op: string, draft: string) => ['preview', op, draft] as const,
};

const enc = encodeURIComponent;

export const apiPaths = {
  overview: '/api/v1/overview',
  services: '/api/v1/services',
  /** The list in columns, as the dashboard fetches it (and the Services page preloads it). */
  servicesColumns: '/api/v1/services?format=columns',
  service: (namespace: string, name: string) => `/api/v1/services/${enc(namespace)}/${enc(name)}`,
  pools: '/api/v1/pools',
  pool: (name: string) => `/api/v1/pools/${enc(name)}`,
  advertisements: '/api/v1/l2advertisements',
  advertisement: (name: string) => `/api/v1/l2advertisements/${enc(name)}`,
  nodes: '/api/v1/nodes',
  nodeLabels: '/api/v1/nodes/exclusions',
  events: '/api/v1/events',
  preflight: '/api/v1/preflight',
  preflightFix: '/api/v1/preflight/strict-arp',
  whatif: '/api/v1/whatif',
  importPreview: '/api/v1/import/preview',
  import: '/api/v1/import',
  stream: '/api/v1/stream',
  cluster: '/api/v1/cluster',
  serviceHistory: (namespace: string, name: string) => `/api/v1/history/services/${enc(namespace)}/${enc(name)}`,
  ipHistory: (ip: string) => `/api/v1/history/ips/${enc(ip)}`,
  nodeHistory: (node: string) => `/api/v1/history/nodes/${enc(node)}`,
  poolHistory: (pool: string) => `/api/v1/history/pools/${enc(pool)}`,
  flapping: '/api/v1/history/flapping',
  poolForecast: (pool: string) => `/api/v1/pools/${enc(pool)}/forecast`,
  poolUsage: (pool: string) => `/api/v1/pools/${enc(pool)}/usage`,
  verify: (namespace: string, name: string) => `/api/v1/services/${enc(namespace)}/${enc(name)}/verify`,
  labels: '/api/v1/labels',
  preview: '/api/v1/preview',
};

/** The dashboard's own pages that other pages link to. */
export const pagePaths = {
  service: (namespace: string, name: string) => `/services/${enc(namespace)}/${enc(name)}`,
  pool: (name: string) => `/pools/${enc(name)}`,
  node: (name: string) => `/nodes/${enc(name)}`,
};
