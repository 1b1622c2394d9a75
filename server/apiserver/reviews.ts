// The review kinds a client creates to ask about itself: SelfSubjectAccessReview and
// SelfSubjectRulesReview (`kubectl auth can-i`), SelfSubjectReview (`kubectl auth whoami`).
// Answered truthfully with the server's own authorizer (access.ts): the admin and ironlb's
// components may do everything; a ServiceAccount what its Roles allow. Nothing is stored.
import type { RbacPolicy } from '../../lib/rbac/evaluate';
import { mayDo, rulesOf } from './access';
import type { Identity } from './identity';
import { isMap } from './json-path';

export type Review = (body: Record<string, unknown>, who: Identity, policy: () => RbacPolicy) => Record<string, unknown>;

const specOf = (body: Record<string, unknown>) => (isMap(body.spec) ? body.spec : {});
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export const accessReview: Review = (body, who, policy) => {
  const spec = specOf(body);
  const ra = isMap(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  if (!ra) {
    // A non-resource URL (/healthz, /version): every authenticated caller may GET them.
    return { spec, status: { allowed: true, reason: 'every authenticated caller may read discovery and health endpoints' } };
  }
  const attrs = {
    verb: str(ra.verb) ?? 'get',
    apiGroup: str(ra.group) ?? '',
    resource: str(ra.resource) ?? '',
    subresource: str(ra.subresource),
    namespace: str(ra.namespace),
    name: str(ra.name),
  };
  const allowed = mayDo(policy, who, attrs);
  return { spec, status: allowed ? { allowed, reason: 'allowed by the embedded API server (RBAC for ServiceAccounts)' } : { allowed, denied: false, reason: '' } };
};

export const rulesReview: Review = (body, who, policy) => {
  const spec = specOf(body);
  const rules = rulesOf(policy, who, str(spec.namespace));
  return {
    spec,
    status: {
      resourceRules: rules.filter((r) => !r.nonResourceURLs).map((r) => ({ verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources ?? [], ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}) })),
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/readyz', '/version', '/openapi', '/openapi/*'] }],
      incomplete: false,
    },
  };
};

export const whoAmI: Review = (_body, who) => ({ status: { userInfo: { username: who.username, groups: who.groups } } });
