// Kubernetes RBAC, evaluated: does an identity's Roles and ClusterRoles (through RoleBindings and
// ClusterRoleBindings) allow a request? Follows the documented rules of the RBAC authorizer
// (kubernetes.io/docs/reference/access-authn-authz/rbac/): a RoleBinding grants its role in its
// own namespace only, `*` matches any group/resource/verb, `resource/subresource` must be named
// as such, resourceNames restrict get/update/patch/delete (never create or a list without a
// name). Pure: the embedded API server enforces it, and a test checks the shipped roles with it.

export interface PolicyRule {
  apiGroups?: readonly string[];
  resources?: readonly string[];
  resourceNames?: readonly string[];
  verbs: readonly string[];
  nonResourceURLs?: readonly string[];
}

export interface Subject {
  kind: 'ServiceAccount' | 'User' | 'Group' | string;
  name: string;
  namespace?: string;
}

export interface RoleRef {
  kind: 'Role' | 'ClusterRole' | string;
  name: string;
}

export interface RoleObject {
  metadata: { name?: string; namespace?: string };
  rules?: readonly PolicyRule[];
}

export interface BindingObject {
  metadata: { name?: string; namespace?: string };
  roleRef: RoleRef;
  subjects?: readonly Subject[];
}

/** Every RBAC object of a cluster. */
export interface RbacPolicy {
  roles: readonly RoleObject[];
  clusterRoles: readonly RoleObject[];
  roleBindings: readonly BindingObject[];
  clusterRoleBindings: readonly BindingObject[];
}

export interface Identity {
  user: string;
  groups: readonly string[];
}

/** What one request asks (the API server's request attributes). */
export interface RequestAttributes {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  /** Absent for cluster-scoped resources and cluster-wide lists. */
  namespace?: string;
  name?: string;
}

export const SUPERUSER_GROUP = 'system:masters';

/** The identity of a ServiceAccount token, as Kubernetes names it. */
export function serviceAccountIdentity(namespace: string, name: string): Identity {
  return {
    user: `system:serviceaccount:${namespace}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
}

function subjectMatches(s: Subject, who: Identity, bindingNamespace: string | undefined): boolean {
  if (s.kind === 'User') return s.name === who.user;
  if (s.kind === 'Group') return who.groups.includes(s.name);
  if (s.kind === 'ServiceAccount') return who.user === `system:serviceaccount:${s.namespace ?? bindingNamespace}:${s.name}`;
  return false;
}

const has = (list: readonly string[] | undefined, value: string) => !!list && (list.includes('*') || list.includes(value));

function resourceMatches(rule: PolicyRule, a: RequestAttributes): boolean {
  const wanted = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const list = rule.resources ?? [];
  if (list.includes('*') || list.includes(wanted)) return true;
  return !!a.subresource && list.includes(`*/${a.subresource}`);
}

/** Whether one rule allows the request. */
export function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  if (!has(rule.verbs, a.verb) || !has(rule.apiGroups, a.apiGroup) || !resourceMatches(rule, a)) return false;
  if (!rule.resourceNames || rule.resourceNames.length === 0) return true;
  return a.name !== undefined && rule.resourceNames.includes(a.name);
}

/** The rules that apply to `who` for a request in `namespace` (cluster-wide ones included). */
export function rulesFor(policy: RbacPolicy, who: Identity, namespace: string | undefined): PolicyRule[] {
  const roleRules = (ref: RoleRef, ns: string | undefined): readonly PolicyRule[] => {
    if (ref.kind === 'ClusterRole') return policy.clusterRoles.find((r) => r.metadata.name === ref.name)?.rules ?? [];
    return policy.roles.find((r) => r.metadata.name === ref.name && r.metadata.namespace === ns)?.rules ?? [];
  };
  const out: PolicyRule[] = [];
  for (const b of policy.clusterRoleBindings) {
    if (b.roleRef.kind === 'ClusterRole' && (b.subjects ?? []).some((s) => subjectMatches(s, who, undefined)))
      out.push(...roleRules(b.roleRef, undefined));
  }
  if (namespace === undefined) return out;
  for (const b of policy.roleBindings) {
    if (b.metadata.namespace !== namespace) continue;
    if ((b.subjects ?? []).some((s) => subjectMatches(s, who, namespace))) out.push(...roleRules(b.roleRef, namespace));
  }
  return out;
}

export function isAllowed(policy: RbacPolicy, who: Identity, a: RequestAttributes): boolean {
  if (who.groups.includes(SUPERUSER_GROUP)) return true;
  return rulesFor(policy, who, a.namespace).some((r) => ruleAllows(r, a));
}

/** The API server's Forbidden message, word for word. */
export function describeDenial(who: Identity, a: RequestAttributes): string {
  const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
  const target = a.name ? `${qualified} "${a.name}"` : qualified;
  const resource = a.subresource ? `resource "${a.resource}/${a.subresource}"` : `resource "${a.resource}"`;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `${target} is forbidden: User "${who.user}" cannot ${a.verb} ${resource} in API group "${a.apiGroup}" ${scope}`;
}
