// kubectl's own columns for the access kinds: service accounts, secrets, RBAC roles and bindings,
// and policy/v1beta1 PodSecurityPolicies. Pure, keyed by storage like tableSpecs in table-columns.ts.
import { ageOf } from './human-duration';
import { asList, asMap, asString, readPath } from './json-path';
import { column } from './table-columns';
import type { KubeObject, TableSpec } from './types';

const nameColumn = column('Name', 0, 'string', 'name', 'Name must be unique within a namespace.');
const ageColumn = column('Age', 0, 'string', '', 'CreationTimestamp is a timestamp representing the server time when this object was created.');
const age = (o: KubeObject, now: number) => ageOf(o.metadata.creationTimestamp, now);

const serviceaccounts: TableSpec = {
  columns: [nameColumn, column('Secrets', 0, 'integer'), ageColumn],
  cells: (o, now) => [o.metadata.name, asList(o.secrets).length, age(o, now)],
};

const secrets: TableSpec = {
  columns: [nameColumn, column('Type'), column('Data', 0, 'integer'), ageColumn],
  cells: (o, now) => [o.metadata.name, asString(o.type) ?? 'Opaque', Object.keys(asMap(o.data)).length, age(o, now)],
};

const roles: TableSpec = {
  columns: [nameColumn, column('Created At', 0, 'date')],
  cells: (o) => [o.metadata.name, o.metadata.creationTimestamp ?? null],
};

/** Users, groups and service accounts of a binding, as kubectl's wide columns list them. */
function subjectsOf(o: KubeObject): { users: string; groups: string; serviceAccounts: string } {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of asList(o.subjects).map(asMap)) {
    const name = String(s.name ?? '');
    if (s.kind === 'User') users.push(name);
    else if (s.kind === 'Group') groups.push(name);
    else if (s.kind === 'ServiceAccount') sas.push(s.namespace ? `${String(s.namespace)}/${name}` : name);
  }
  return { users: users.join(', '), groups: groups.join(', '), serviceAccounts: sas.join(', ') };
}

const bindings: TableSpec = {
  columns: [nameColumn, column('Role'), ageColumn, column('Users', 1), column('Groups', 1), column('ServiceAccounts', 1)],
  cells: (o, now) => {
    const ref = asMap(o.roleRef);
    const s = subjectsOf(o);
    return [o.metadata.name, `${String(ref.kind ?? '')}/${String(ref.name ?? '')}`, age(o, now), s.users, s.groups, s.serviceAccounts];
  },
};

const rule = (o: KubeObject, path: string) => asString(readPath(o, `spec.${path}.rule`)) ?? '';
const strings = (v: unknown) => asList(v).map(String).join(',');

const podsecuritypolicies: TableSpec = {
  columns: [nameColumn, column('Priv'), column('Caps'), column('SELinux'), column('RunAsUser'), column('FsGroup'), column('SupGroup'),
    column('ReadOnlyRootFs'), column('Volumes')],
  cells: (o) => [o.metadata.name, readPath(o, 'spec.privileged') === true, strings(readPath(o, 'spec.allowedCapabilities')), rule(o, 'seLinux'),
    rule(o, 'runAsUser'), rule(o, 'fsGroup'), rule(o, 'supplementalGroups'), readPath(o, 'spec.readOnlyRootFilesystem') === true,
    strings(readPath(o, 'spec.volumes'))],
};

export const accessTables: Record<string, TableSpec> = {
  serviceaccounts,
  secrets,
  'roles.rbac.authorization.k8s.io': roles,
  'clusterroles.rbac.authorization.k8s.io': roles,
  'rolebindings.rbac.authorization.k8s.io': bindings,
  'clusterrolebindings.rbac.authorization.k8s.io': bindings,
  'podsecuritypolicies.policy': podsecuritypolicies,
};
