// Shared by the install tests: the shipped manifests applied with real kubectl, ServiceAccount
// tokens as a Pod would get them, and client-node loading them from the standard in-cluster paths
// (below a directory per identity: several "Pods" in one test process).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { createKube, createObject, getObject, RESOURCES, type Kube, type KubeObject } from '../../server/kube';
import { kubectlBinaries, runKubectl } from '../support/kubectl';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const NS = 'metallb-system';
export const COMPONENTS = ['controller', 'speaker', 'dashboard'] as const;
export type Component = (typeof COMPONENTS)[number];
export const serviceAccountOf = (c: Component) => `ironlb-${c}`;
export const userOf = (c: Component) => `system:serviceaccount:${NS}:${serviceAccountOf(c)}`;

/** kubectl 1.33 (kustomize v5, server-side apply) against a kubeconfig. */
export async function kubectl(kubeconfig: string, args: string[], input?: string) {
  const [bin] = await kubectlBinaries();
  const home = mkdtempSync(join(tmpdir(), 'ironlb-kubectl-home-'));
  return runKubectl(bin, kubeconfig, home, args, { input });
}

/** `kubectl apply --server-side -k deploy/`, failing loudly. */
export async function applyInstall(kubeconfig: string, dir = 'deploy'): Promise<void> {
  const out = await kubectl(kubeconfig, ['apply', '--server-side', '-k', join(REPO, dir)]);
  if (out.code !== 0) throw new Error(`kubectl apply -k ${dir} failed: ${out.stderr}`);
}

/** The objects `kubectl kustomize <dir>` renders. */
export async function renderInstall(kubeconfig: string, dir = 'deploy'): Promise<KubeObject[]> {
  const out = await kubectl(kubeconfig, ['kustomize', join(REPO, dir)]);
  if (out.code !== 0) throw new Error(out.stderr);
  return parseAllDocuments(out.stdout).map((d) => d.toJSON() as KubeObject);
}

/** A long-lived token for a ServiceAccount (a service-account-token Secret, filled by the server). */
export async function serviceAccountToken(admin: Kube, account: string): Promise<{ token: string; ca: string }> {
  const name = `${account}-token`;
  await createObject(admin, RESOURCES.secrets, {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/service-account-token',
    metadata: { name, namespace: NS, annotations: { 'kubernetes.io/service-account.name': account } },
  } as KubeObject);
  const secret = (await getObject(admin, RESOURCES.secrets, { namespace: NS, name })) as KubeObject & { data?: Record<string, string> };
  const decode = (k: string) => Buffer.from(secret.data?.[k] ?? '', 'base64').toString('utf8');
  if (!decode('token')) throw new Error(`no token filled in Secret ${NS}/${name}`);
  return { token: decode('token'), ca: decode('ca.crt') };
}

/** A directory laid out like a Pod's root: var/run/secrets/kubernetes.io/serviceaccount/{token,ca.crt,namespace}. */
export function podRoot(token: string, ca: string): string {
  const root = mkdtempSync(join(tmpdir(), 'ironlb-pod-'));
  const dir = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'token'), token);
  writeFileSync(join(dir, 'ca.crt'), ca);
  writeFileSync(join(dir, 'namespace'), NS);
  return root;
}

/** client-node's in-cluster configuration for a ServiceAccount (KUBERNETES_SERVICE_HOST/PORT must be set). */
export async function kubeAs(admin: Kube, component: Component): Promise<{ kube: Kube; root: string }> {
  const { token, ca } = await serviceAccountToken(admin, serviceAccountOf(component));
  const root = podRoot(token, ca);
  return { kube: createKube({ inClusterPathPrefix: root }), root };
}

/**
 * argv run the way a Pod runs it: in a private mount namespace where the token, CA and namespace
 * from `podRoot` sit at the standard /var/run/secrets/kubernetes.io/serviceaccount (a tmpfs over
 * /run, so nothing of the host changes), and KUBERNETES_SERVICE_HOST/PORT set by the caller.
 */
export function inPod(podRootDir: string, argv: string[]): string[] {
  const script = [
    'set -e',
    'mount -t tmpfs tmpfs /run',
    'mkdir -p /run/secrets/kubernetes.io/serviceaccount',
    `mount --bind "${podRootDir}/var/run/secrets/kubernetes.io/serviceaccount" /run/secrets/kubernetes.io/serviceaccount`,
    'exec "$@"',
  ].join('; ');
  return ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, 'pod', ...argv];
}

/** A kubeconfig for a ServiceAccount token (what an admin hands a dashboard run outside the cluster). */
export function tokenKubeconfig(server: string, token: string, ca: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ironlb-kc-')), 'kubeconfig');
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{ name: c, cluster: { server: "${server}", certificate-authority-data: "${Buffer.from(ca).toString('base64')}" } }]`,
      `users: [{ name: u, user: { token: "${token}" } }]`,
      'contexts: [{ name: c, context: { cluster: c, user: u } }]',
      'current-context: c',
      '',
    ].join('\n'),
  );
  return path;
}
