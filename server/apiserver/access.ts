// Who is asking, and may they: the admin token of the data dir's kubeconfig (system:masters,
// everything allowed), or a ServiceAccount token, whose requests go through RBAC
// (lib/rbac) over the Roles and bindings stored here, as a real API server does. Every
// resource request is recorded in the request log (request-log.ts).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  describeDenial,
  isAllowed,
  serviceAccountIdentity,
  SUPERUSER_GROUP,
  type BindingObject,
  type Identity,
  type RbacPolicy,
  type RequestAttributes,
  type RoleObject,
} from '../../lib/rbac/evaluate';
import type { ApiContext } from './context';
import { isTrue } from './http';
import type { Route } from './router';
import { findServiceAccount } from './service-account-tokens';
import { ApiError } from './status-errors';

export const ADMIN_IDENTITY: Identity = { user: 'ironlb-admin', groups: [SUPERUSER_GROUP, 'system:authenticated'] };

const RBAC_STORAGES = [
  'roles.rbac.authorization.k8s.io',
  'clusterroles.rbac.authorization.k8s.io',
  'rolebindings.rbac.authorization.k8s.io',
  'clusterrolebindings.rbac.authorization.k8s.io',
];

function bearer(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return m ? m[1].trim() : undefined;
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The identity behind the request's bearer token, or undefined (401). */
export function authenticate(ctx: ApiContext, req: IncomingMessage, adminToken: string): Identity | undefined {
  const token = bearer(req);
  if (!token) return undefined;
  if (sameSecret(token, adminToken)) return ADMIN_IDENTITY;
  const account = findServiceAccount(ctx.store, token);
  return account ? serviceAccountIdentity(account.namespace, account.name) : undefined;
}

/** The RBAC objects as stored, rebuilt only after one of them changed. */
export function createPolicyCache(ctx: ApiContext): () => RbacPolicy {
  let cached: RbacPolicy | undefined;
  ctx.store.onCommit((changes) => {
    if (changes.some((c) => RBAC_STORAGES.includes(c.storage))) cached = undefined;
  });
  const read = <T>(storage: string) => ctx.store.listCommitted(storage).map((e) => e.obj as unknown as T);
  return () =>
    (cached ??= {
      roles: read<RoleObject>(RBAC_STORAGES[0]),
      clusterRoles: read<RoleObject>(RBAC_STORAGES[1]),
      roleBindings: read<BindingObject>(RBAC_STORAGES[2]),
      clusterRoleBindings: read<BindingObject>(RBAC_STORAGES[3]),
    });
}

type ResourceRoute = Extract<Route, { kind: 'resource' }>;

/** The verb and target of a resource request, as the API server's RBAC sees it. */
export function requestAttributes(r: ResourceRoute, method: string, query: URLSearchParams): RequestAttributes {
  const collection = r.name === undefined;
  let verb: string;
  if (method === 'GET' || method === 'HEAD') verb = r.watchPath || isTrue(query.get('watch')) ? 'watch' : collection ? 'list' : 'get';
  else if (method === 'POST') verb = 'create';
  else if (method === 'PUT') verb = 'update';
  else if (method === 'PATCH') verb = 'patch';
  else if (method === 'DELETE') verb = collection ? 'deletecollection' : 'delete';
  else verb = method.toLowerCase();
  // A watch or list of one object by name (fieldSelector metadata.name=X) is checked against X.
  const byField = /(?:^|,)metadata\.name=([^,]+)/.exec(query.get('fieldSelector') ?? '')?.[1];
  return {
    verb,
    apiGroup: r.def.group,
    resource: r.def.resource,
    subresource: r.subresource,
    namespace: r.def.namespaced ? r.namespace : undefined,
    name: r.name ?? (verb === 'list' || verb === 'watch' ? byField : undefined),
  };
}

/** Throws 403 Forbidden, worded like Kubernetes, when RBAC does not allow the request. */
export function authorize(policy: () => RbacPolicy, who: Identity, a: RequestAttributes): void {
  if (isAllowed(policy(), who, a)) return;
  throw new ApiError(403, 'Forbidden', describeDenial(who, a), {
    name: a.name,
    group: a.apiGroup,
    kind: a.resource,
  });
}
