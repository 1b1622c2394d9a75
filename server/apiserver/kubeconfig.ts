// The data dir's kubeconfig (cluster `ironlb-embedded`, bearer token) and the token kept with the data.
// The server URL is https with our own CA: kubectl sends bearer tokens only over TLS (kubernetes/kubectl#744).
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ADMIN_USER, COMPONENTS_USER } from './identity';

export const CLUSTER_NAME = 'ironlb-embedded';
export const KUBECONFIG_FILE = 'kubeconfig';
export const COMPONENTS_KUBECONFIG_FILE = 'components.kubeconfig';

/** Writes `file` in the data dir for the admin (kubeconfig) or ironlb's components; unchanged content is left alone. */
export function writeKubeconfig(dataDir: string, url: string, token: string, caPem: string, file = KUBECONFIG_FILE): string {
  const path = join(dataDir, file);
  const USER_NAME = file === KUBECONFIG_FILE ? ADMIN_USER : COMPONENTS_USER;
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: CLUSTER_NAME, cluster: { server: url, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: USER_NAME, user: { token } }],
    contexts: [{ name: CLUSTER_NAME, context: { cluster: CLUSTER_NAME, user: USER_NAME, namespace: 'default' } }],
    'current-context': CLUSTER_NAME,
    preferences: {},
  };
  const text = stringify(doc);
  // A kubeconfig copied elsewhere keeps working across restarts; rewriting an equal file changes nothing.
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return path;
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return path;
}
