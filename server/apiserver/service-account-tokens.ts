// ServiceAccount tokens, as Kubernetes' token controller makes them for a Secret of type
// kubernetes.io/service-account-token: token, ca.crt and namespace filled on create. A pod (or
// a test standing in for one) mounts them at /var/run/secrets/kubernetes.io/serviceaccount and
// client-node's in-cluster config authenticates as system:serviceaccount:<ns>:<name>.
import { randomBytes } from 'node:crypto';
import type { Strategy } from './strategy';
import type { Store } from './store';
import type { KubeObject } from './types';

export const SA_TOKEN_TYPE = 'kubernetes.io/service-account-token';
export const SA_NAME_ANNOTATION = 'kubernetes.io/service-account.name';

type SecretObject = KubeObject & { type?: string; data?: Record<string, string> };

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** The Secret strategy: fills a service-account-token Secret once, like the token controller. */
export const secretStrategy: Strategy = {
  prepare(obj, _old, ctx) {
    const secret = obj as SecretObject;
    const account = secret.metadata.annotations?.[SA_NAME_ANNOTATION];
    if (secret.type !== SA_TOKEN_TYPE || !account || secret.data?.token) return [];
    secret.data = {
      ...secret.data,
      token: b64(randomBytes(32).toString('base64url')),
      'ca.crt': b64(ctx.caPem ?? ''),
      namespace: b64(secret.metadata.namespace ?? ''),
    };
    return [];
  },
};

/** Finds the ServiceAccount a bearer token belongs to (its Secret must still exist). */
export function findServiceAccount(
  store: Store,
  token: string,
): { namespace: string; name: string } | undefined {
  const encoded = b64(token);
  for (const entry of store.listCommitted('secrets')) {
    if (!entry.json.includes(encoded)) continue; // cheap filter before parsing
    const secret = JSON.parse(entry.json) as SecretObject;
    const account = secret.metadata.annotations?.[SA_NAME_ANNOTATION];
    if (secret.type === SA_TOKEN_TYPE && account && secret.data?.token === encoded) {
      return { namespace: secret.metadata.namespace ?? '', name: account };
    }
  }
  return undefined;
}
