// Who a request comes from: the bearer token names one of the server's identities. The kubeconfig's
// token is the cluster admin a person uses with kubectl (its writes are audited); ironlb's own
// controller, speakers and dashboard worker use a second token, kept in components.kubeconfig;
// ServiceAccount tokens name their account.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { serviceAccountIdentity } from '../../lib/rbac/evaluate';
import type { IncomingMessage } from 'node:http';
import type { Store } from './store';
import { findServiceAccount } from './service-account-tokens';

export interface Identity {
  username: string;
  groups: string[];
  /** Writes made with this identity go to the audit log. */
  audited: boolean;
}

export const ADMIN_USER = 'ironlb-admin';
export const COMPONENTS_USER = 'system:ironlb:components';

export interface Credentials {
  /** The kubeconfig's token (a person with kubectl). */
  admin: string;
  /** The token of ironlb's own components running beside the server. */
  components: string;
}

async function loadOrCreate(store: Store, key: string): Promise<string> {
  const existing = store.getMeta(key);
  if (existing) return existing;
  const token = randomBytes(32).toString('base64url');
  await store.setMeta(key, token);
  return token;
}

/** The tokens: generated on first start, then read back from the database. */
export async function loadOrCreateCredentials(store: Store): Promise<Credentials> {
  return { admin: await loadOrCreate(store, 'token'), components: await loadOrCreate(store, 'component-token') };
}

const sameToken = (given: Buffer, expected: string) => {
  const e = Buffer.from(expected);
  return given.length === e.length && timingSafeEqual(given, e);
};

/**
 * The caller named by the request's bearer token, or undefined (401): the admin, ironlb's
 * components, or a ServiceAccount (a token from a service-account-token Secret, as a Pod mounts
 * it), whose requests go through RBAC (access.ts).
 */
export function identify(req: IncomingMessage, credentials: Credentials, store?: Store): Identity | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return undefined;
  const given = Buffer.from(m[1].trim());
  if (sameToken(given, credentials.admin)) return { username: ADMIN_USER, groups: ['system:masters', 'system:authenticated'], audited: true };
  if (sameToken(given, credentials.components)) return { username: COMPONENTS_USER, groups: ['system:authenticated'], audited: false };
  const account = store ? findServiceAccount(store, m[1].trim()) : undefined;
  if (!account) return undefined;
  // Not audited: a Pod's controller or speaker renews Leases all day; the audit log is for people.
  const { user, groups } = serviceAccountIdentity(account.namespace, account.name);
  return { username: user, groups: [...groups], audited: false };
}
