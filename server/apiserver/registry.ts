// The one table of served resources: group/version/kind, scope, short names, status subresource,
// field selectors, printer columns and write hooks. Everything else looks kinds up here.
import { eventsV1Strategy, eventsV1View } from './events-view';
import { ipAddressPoolStrategy, l2AdvertisementStrategy, metallbPlainStrategy } from './metallb-admission';
import { builtinPatchMeta, defaultBuiltinPatchMeta } from './patch/patch-meta';
import { serviceStrategy } from './service-strategy';
import { crdStrategy } from './crd-strategy';
import { endpointSliceStrategy } from './endpointslice-strategy';
import { namespaceStrategy } from './namespace-strategy';
import { nodeStrategy } from './node-strategy';
import { secretStrategy } from './service-account-tokens';
import type { ObjectView, Strategy } from './strategy';
import { accessTables } from './table-columns-access';
import { defaultTable, tableSpecs } from './table-columns';
import { workloadTables } from './table-columns-workloads';
import { accessReview, rulesReview, whoAmI, type Review } from './reviews';
import { podDisruptionBudgetStrategy, podStrategy, workloadStrategy } from './workload-strategy';
import type { NameRule, PatchMeta, TableSpec } from './types';

export interface ResourceDef {
  group: string;
  version: string;
  /** `v1` or `group/version`. */
  apiVersion: string;
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Objects of several API versions may share one storage (events). */
  storage: string;
  hasStatus: boolean;
  /** metadata.generation counts spec changes (custom resources and CRDs; built-in core kinds have none). */
  hasGeneration: boolean;
  /** The main endpoint drops .status on create (custom resources with a status subresource, Services). */
  dropStatusOnCreate: boolean;
  /**
   * A write to /status keeps the metadata it carries (labels, annotations...): true for the
   * built-in kinds, whose status strategies reset only spec; custom resources keep nothing but
   * status (kubernetes/kubernetes#92022, the CRD status subresource docs).
   */
  statusWritesMetadata: boolean;
  nameRule: NameRule;
  /** Strategic-merge metadata; null for custom resources (strategic merge is a 415 there). */
  patchMeta: PatchMeta | null;
  /** Supported field selectors beyond metadata.name/namespace: selector name -> stored path. */
  fields: Record<string, string>;
  table: TableSpec;
  strategy: Strategy;
  view?: ObjectView;
  /** Sent as a `Warning: 299` header on every request for this kind (kubectl prints it), like a deprecated API's. */
  warning?: string;
  /** Serves the /scale subresource (autoscaling/v1 Scale of spec.replicas). */
  scale: boolean;
  /** A create-only review kind answered from the request and the caller, never stored. */
  review?: Review;
  verbs: string[];
}

export const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface Decl {
  group?: string;
  version?: string;
  resource: string;
  kind: string;
  namespaced?: boolean;
  shortNames?: string[];
  categories?: string[];
  status?: boolean;
  /** The create endpoint drops .status (the kind's controller or kubelet writes it later through /status). */
  resetStatus?: boolean;
  /** metadata.generation counts spec changes (built-in kinds whose strategy keeps one: apps, networking). */
  generation?: boolean;
  custom?: boolean;
  nameRule?: NameRule;
  fields?: Record<string, string>;
  storage?: string;
  strategy?: Strategy;
  view?: ObjectView;
  warning?: string;
  scale?: boolean;
  review?: Review;
}

const identity = (...paths: string[]) => Object.fromEntries(paths.map((p) => [p, p]));

const eventFields = {
  ...identity('involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion',
    'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'type'),
  source: 'source.component',
};

const metallb = (resource: string, kind: string, extra: Partial<Decl> = {}): Decl => ({
  group: 'metallb.io', version: 'v1beta1', resource, kind, custom: true, status: true, strategy: metallbPlainStrategy, ...extra,
});

// Stored kinds with no behaviour here beyond storage, tables and light defaulting: nothing runs their images.
const workload = (resource: string, kind: string, shortNames: string[], scale = true): Decl => ({
  group: 'apps', resource, kind, shortNames, categories: ['all'], status: true, resetStatus: true, generation: true, strategy: workloadStrategy, scale,
});
const review = (group: string, version: string, resource: string, kind: string, answer: Review): Decl => ({
  group, version, resource, kind, namespaced: false, review: answer,
});
const rbac = (resource: string, kind: string, namespaced: boolean): Decl => ({
  group: 'rbac.authorization.k8s.io', resource, kind, namespaced, nameRule: 'path-segment',
});

const podFields = identity('spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork',
  'status.phase', 'status.podIP', 'status.nominatedNodeName');

const DECLS: Decl[] = [
  { resource: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'], status: true, nameRule: 'dns1123-label', fields: identity('status.phase'), strategy: namespaceStrategy },
  { resource: 'nodes', kind: 'Node', namespaced: false, shortNames: ['no'], status: true, fields: identity('spec.unschedulable'), strategy: nodeStrategy },
  { resource: 'services', kind: 'Service', shortNames: ['svc'], categories: ['all'], status: true, resetStatus: true, nameRule: 'dns1035-label', fields: identity('spec.clusterIP', 'spec.type'), strategy: serviceStrategy },
  { resource: 'pods', kind: 'Pod', shortNames: ['po'], categories: ['all'], status: true, resetStatus: true, fields: podFields, strategy: podStrategy },
  { resource: 'serviceaccounts', kind: 'ServiceAccount', shortNames: ['sa'] },
  { resource: 'secrets', kind: 'Secret', fields: identity('type'), strategy: secretStrategy },
  { resource: 'endpoints', kind: 'Endpoints', shortNames: ['ep'] },
  { resource: 'configmaps', kind: 'ConfigMap', shortNames: ['cm'] },
  { resource: 'events', kind: 'Event', shortNames: ['ev'], nameRule: 'path-segment', fields: eventFields },
  { group: 'events.k8s.io', resource: 'events', kind: 'Event', shortNames: ['ev'], nameRule: 'path-segment', storage: 'events', view: eventsV1View, strategy: eventsV1Strategy },
  { group: 'discovery.k8s.io', resource: 'endpointslices', kind: 'EndpointSlice', fields: identity('addressType'), strategy: endpointSliceStrategy },
  { group: 'coordination.k8s.io', resource: 'leases', kind: 'Lease' },
  workload('deployments', 'Deployment', ['deploy']),
  workload('daemonsets', 'DaemonSet', ['ds'], false),
  workload('replicasets', 'ReplicaSet', ['rs']),
  workload('statefulsets', 'StatefulSet', ['sts']),
  rbac('roles', 'Role', true),
  rbac('clusterroles', 'ClusterRole', false),
  rbac('rolebindings', 'RoleBinding', true),
  rbac('clusterrolebindings', 'ClusterRoleBinding', false),
  // Still served, for MetalLB v0.12.1's manifest; Kubernetes warned exactly so from 1.21 to 1.24 and removed it in 1.25.
  { group: 'policy', version: 'v1beta1', resource: 'podsecuritypolicies', kind: 'PodSecurityPolicy', namespaced: false, shortNames: ['psp'],
    warning: 'policy/v1beta1 PodSecurityPolicy is deprecated in v1.21+, unavailable in v1.25+' },
  { group: 'policy', resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', shortNames: ['pdb'], status: true, resetStatus: true, generation: true,
    strategy: podDisruptionBudgetStrategy },
  review('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview', accessReview),
  review('authorization.k8s.io', 'v1', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview', rulesReview),
  review('authentication.k8s.io', 'v1', 'selfsubjectreviews', 'SelfSubjectReview', whoAmI),
  review('authentication.k8s.io', 'v1beta1', 'selfsubjectreviews', 'SelfSubjectReview', whoAmI),
  { group: 'networking.k8s.io', resource: 'ingresses', kind: 'Ingress', shortNames: ['ing'], status: true, resetStatus: true, generation: true },
  { group: 'networking.k8s.io', resource: 'ingressclasses', kind: 'IngressClass', namespaced: false, generation: true },
  { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'], status: true, strategy: crdStrategy },
  metallb('ipaddresspools', 'IPAddressPool', { strategy: ipAddressPoolStrategy }),
  metallb('l2advertisements', 'L2Advertisement', { strategy: l2AdvertisementStrategy }),
  metallb('servicel2statuses', 'ServiceL2Status'),
  metallb('configurationstates', 'ConfigurationState'),
  metallb('bgpadvertisements', 'BGPAdvertisement'),
  metallb('bfdprofiles', 'BFDProfile', { status: false }),
  metallb('communities', 'Community', { status: false }),
  metallb('bgppeers', 'BGPPeer', { version: 'v1beta2' }),
];

const allTables = { ...tableSpecs, ...workloadTables, ...accessTables };

function toDef(d: Decl): ResourceDef {
  const group = d.group ?? '';
  const version = d.version ?? 'v1';
  const storage = d.storage ?? (group ? `${d.resource}.${group}` : d.resource);
  const custom = d.custom ?? false;
  const hasStatus = d.status ?? false;
  return {
    group, version, apiVersion: group ? `${group}/${version}` : version,
    resource: d.resource, singular: d.kind.toLowerCase(), kind: d.kind,
    namespaced: d.namespaced ?? true, shortNames: d.shortNames ?? [], categories: d.categories ?? [],
    storage, hasStatus,
    hasGeneration: custom || d.generation === true || storage === 'customresourcedefinitions.apiextensions.k8s.io',
    dropStatusOnCreate: hasStatus && (custom || d.resetStatus === true),
    statusWritesMetadata: !custom,
    nameRule: d.nameRule ?? 'dns1123-subdomain',
    patchMeta: custom ? null : builtinPatchMeta[storage] ?? defaultBuiltinPatchMeta,
    fields: d.view ? d.view.fields : d.fields ?? {},
    table: allTables[storage] ?? defaultTable,
    strategy: d.strategy ?? {},
    view: d.view,
    warning: d.warning,
    scale: d.scale ?? false,
    review: d.review,
    verbs: d.review ? ['create'] : VERBS,
  };
}

export class Registry {
  readonly defs: ResourceDef[] = DECLS.map(toDef);
  private readonly byPath = new Map(this.defs.map((d) => [`${d.group}/${d.version}/${d.resource}`, d]));

  find(group: string, version: string, resource: string): ResourceDef | undefined {
    return this.byPath.get(`${group}/${version}/${resource}`);
  }

  /** Group versions in discovery order (core first). */
  groupVersions(): { group: string; version: string }[] {
    const seen = new Map<string, { group: string; version: string }>();
    for (const d of this.defs) seen.set(`${d.group}/${d.version}`, { group: d.group, version: d.version });
    return [...seen.values()];
  }

  /** One definition per storage, for namespace cleanup. */
  namespacedStorages(): ResourceDef[] {
    const seen = new Map<string, ResourceDef>();
    for (const d of this.defs) if (d.namespaced && !d.view && !d.review && !seen.has(d.storage)) seen.set(d.storage, d);
    return [...seen.values()];
  }
}
