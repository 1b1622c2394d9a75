// Talks to the app's embedded Kubernetes API server as a test client: address and bearer token
// from the kubeconfig it writes in the data directory (the port also speaks plain HTTP).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** A body fetch accepts (a copy of bytes gets a plain ArrayBuffer). */
function toBody(body: string | Uint8Array | undefined): string | Uint8Array<ArrayBuffer> | undefined {
  return body === undefined || typeof body === 'string' ? body : new Uint8Array(body);
}

export type Kube = { url: string; token: string; request: (method: string, p: string, init?: KubeInit) => Promise<Response> };
export type KubeInit = { body?: string | Uint8Array; contentType?: string; token?: string | null; signal?: AbortSignal };

type Kubeconfig = { clusters: { cluster: { server: string } }[]; users: { user: { token: string } }[] };

export async function connectKube(dataDir: string, timeoutMs = 60_000): Promise<Kube> {
  const file = path.join(dataDir, 'kubeconfig');
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`no kubeconfig in ${dataDir} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const config = parse(readFileSync(file, 'utf8')) as Kubeconfig;
  const server = new URL(config.clusters[0].cluster.server);
  const url = `http://${server.host}`;
  const token = config.users[0].user.token;
  return {
    url,
    token,
    request: (method, p, init = {}) => {
      const headers: Record<string, string> = {};
      const bearer = init.token === undefined ? token : init.token;
      if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
      if (init.contentType) headers['content-type'] = init.contentType;
      return fetch(url + p, { method, headers, body: toBody(init.body), signal: init.signal ?? AbortSignal.timeout(15_000) });
    },
  };
}

type ApiResource = { name: string; namespaced: boolean; verbs: string[] };

/** Every listable resource's collection path (/api/v1/pods, /apis/metallb.io/v1beta1/ipaddresspools, ...). */
export async function listCollections(kube: Kube): Promise<string[]> {
  const prefixes = ['/api/v1'];
  const groups = (await (await kube.request('GET', '/apis')).json()) as { groups: { preferredVersion: { groupVersion: string } }[] };
  for (const g of groups.groups ?? []) prefixes.push(`/apis/${g.preferredVersion.groupVersion}`);
  const out: string[] = [];
  for (const prefix of prefixes) {
    const list = (await (await kube.request('GET', prefix)).json()) as { resources?: ApiResource[] };
    for (const r of list.resources ?? []) {
      if (!r.name.includes('/') && r.verbs.includes('list')) out.push(`${prefix}/${r.name}`);
    }
  }
  return out;
}

function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

type Item = { metadata: { namespace?: string; name: string; resourceVersion?: string; managedFields?: unknown }; status?: unknown };

/** What a user wrote into an object: everything but status and bookkeeping (resourceVersion, managedFields). */
function toContent(item: Item): string {
  const { status: _status, metadata, ...rest } = item;
  const { resourceVersion: _rv, managedFields: _mf, ...meta } = metadata;
  return stableStringify({ ...rest, metadata: meta });
}

/** "collection/namespace/name" -> the object's content (status excluded) for every object held. */
export async function snapshotCluster(kube: Kube, collections: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const c of collections) {
    const response = await kube.request('GET', c);
    if (!response.ok) continue;
    const list = (await response.json()) as { items?: Item[] };
    for (const item of list.items ?? []) out.set(`${c}/${item.metadata.namespace ?? ''}/${item.metadata.name}`, toContent(item));
  }
  return out;
}
