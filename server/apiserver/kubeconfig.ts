// The data dir's kubeconfig (cluster `ironlb-embedded`, bearer token) and the token kept with the data.
// The server URL is https with our own CA: kubectl sends bearer tokens only over TLS (kubernetes/kubectl#744).
import { randomBytes } from 'node:crypto';
import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Store } from './store';

export const CLUSTER_NAME = 'ironlb-embedded';
const USER_NAME = 'ironlb-admin';

/** The bearer token: generated on first start, then read back from the database. */
export async function loadOrCreateToken(store: Store): Promise<string> {
  const existing = store.getMeta('token');
  if (existing) return existing;
  const token = randomBytes(32).toString('base64url');
  await store.setMeta('token', token);
  return token;
}

export function writeKubeconfig(dataDir: string, url: string, token: string, caPem: string): string {
  const path = join(dataDir, 'kubeconfig');
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: CLUSTER_NAME, cluster: { server: url, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: USER_NAME, user: { token } }],
    contexts: [{ name: CLUSTER_NAME, context: { cluster: CLUSTER_NAME, user: USER_NAME, namespace: 'default' } }],
    'current-context': CLUSTER_NAME,
    preferences: {},
  };
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, stringify(doc), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return path;
}
