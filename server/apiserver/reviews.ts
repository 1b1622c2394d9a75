// The review kinds a client creates to ask about itself: SelfSubjectAccessReview and
// SelfSubjectRulesReview (`kubectl auth can-i`), SelfSubjectReview (`kubectl auth whoami`).
// Answered truthfully: this server has no RBAC authorizer, so every authenticated identity may do
// everything, and the answer says so. Nothing is stored.
import type { Identity } from './identity';
import { isMap } from './json-path';

export type Review = (body: Record<string, unknown>, who: Identity) => Record<string, unknown>;

const REASON = 'the embedded API server authorizes every authenticated token for every request (it runs no RBAC authorizer)';

const specOf = (body: Record<string, unknown>) => (isMap(body.spec) ? body.spec : {});

export const accessReview: Review = (body) => ({ spec: specOf(body), status: { allowed: true, reason: REASON } });

export const rulesReview: Review = (body) => ({
  spec: specOf(body),
  status: {
    resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
    incomplete: false,
  },
});

export const whoAmI: Review = (_body, who) => ({ status: { userInfo: { username: who.username, groups: who.groups } } });
