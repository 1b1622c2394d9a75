// May the caller do it: the admin (system:masters) and ironlb's components may do everything; a
// ServiceAccount goes through RBAC (lib/rbac) over the Roles and bindings stored here, as on a
// real API server. Every resource request is recorded in the request log (request-log.ts).
import {
  describeDenial,
  isAllowed,
  rulesFor,
  SUPERUSER_GROUP,
  type BindingObject,
  type PolicyRule,
  type RbacPolicy,
  type RequestAttributes,
  type RoleObject,
} from '../../lib/rbac/evaluate';
import type { ApiContext } from './context';
import { queryBool } from './http';
import { COMPONENTS_USER, type Identity } from './identity';
import type { Route } from './router';
import { ApiError } from './status-errors';

const isSuperuser = (who: Identity) => who.groups.includes(SUPERUSER_GROUP) || who.username === COMPONENTS_USER;
const asRbacIdentity = (who: Identity) => ({ user: who.username, groups: who.groups });
/** What Kubernetes' bootstrap role system:basic-user grants every authenticated caller. */
const SELF_REVIEWS = ['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews'];

const RBAC_STORAGES = [
  'roles.rbac.authorization.k8s.io',
  'clusterroles.rbac.authorization.k8s.io',
  'rolebindings.rbac.authorization.k8s.io',
  'clusterrolebindings.rbac.authorization.k8s.io',
];

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
  if (method === 'GET' || method === 'HEAD') verb = r.watchPath || isWatch(query) ? 'watch' : collection ? 'list' : 'get';
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

/** Whether `who` may make the request. */
export function mayDo(policy: () => RbacPolicy, who: Identity, a: RequestAttributes): boolean {
  if (isSuperuser(who) || (a.verb === 'create' && SELF_REVIEWS.includes(a.resource))) return true;
  return isAllowed(policy(), asRbacIdentity(who), a);
}

/** 403 Forbidden, worded like Kubernetes. */
export function forbiddenByRbac(who: Identity, a: RequestAttributes): ApiError {
  return new ApiError(403, 'Forbidden', describeDenial(asRbacIdentity(who), a), { name: a.name, group: a.apiGroup, kind: a.resource });
}

/** The rules `who` has in a namespace, as SelfSubjectRulesReview lists them. */
export function rulesOf(policy: () => RbacPolicy, who: Identity, namespace: string | undefined): PolicyRule[] {
  if (isSuperuser(who)) return [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }];
  return rulesFor(policy(), asRbacIdentity(who), namespace);
}

/** A malformed watch flag counts as a watch here; the read itself rejects it with a 400. */
function isWatch(query: URLSearchParams): boolean {
  try {
    return queryBool(query, 'watch');
  } catch {
    return false;
  }
}
