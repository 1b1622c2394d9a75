// The YAML tab of the pool and advertisement pages: form values -> the object as kubectl shows
// it, and edited YAML -> form values, checked with the same zod schemas (the CR's, then the
// form's) and every message placed at the line of the field it names.
import type { z } from 'zod';
import {
  ipAddressPoolSchema,
  l2AdvertisementFormSchema,
  l2AdvertisementFormToResource,
  l2AdvertisementResourceToForm,
  l2AdvertisementSchema,
  METALLB_API_VERSION,
  poolFormSchema,
  poolFormToResource,
  poolResourceToForm,
  type IPAddressPool,
  type L2Advertisement,
  type L2AdvertisementForm,
  type PoolForm,
} from '../schemas';
import { toKubectlYaml } from './kubectl-yaml';
import { parseYamlObjects, placeIssues, type FieldPath, type LineIssue, type YamlObject } from './yaml-source';

export interface DraftKind<F, R extends object> {
  kind: 'IPAddressPool' | 'L2Advertisement';
  schema: z.ZodType<R>;
  formSchema: z.ZodType<F>;
  toForm(resource: R): F;
  toResource(form: F, namespace: string): R;
  /** The stored object with the form's edits: what the object will look like once saved. */
  mergeInto(stored: R, edited: R): R;
  /** A form field's path in the object. */
  objectPath(formPath: FieldPath): FieldPath;
}

const underSpec = (path: FieldPath): FieldPath => (path[0] === 'name' ? ['metadata', 'name', ...path.slice(1)] : ['spec', ...path]);

export const poolDraft: DraftKind<PoolForm, IPAddressPool> = {
  kind: 'IPAddressPool',
  schema: ipAddressPoolSchema,
  formSchema: poolFormSchema,
  toForm: poolResourceToForm,
  toResource: poolFormToResource,
  mergeInto(stored, edited) {
    const metadata = { ...stored.metadata };
    if (edited.metadata.labels) metadata.labels = edited.metadata.labels;
    else delete metadata.labels;
    return { ...stored, metadata, spec: edited.spec };
  },
  objectPath: (path) => (path[0] === 'labels' ? ['metadata', ...path] : underSpec(path)),
};

export const advertisementDraft: DraftKind<L2AdvertisementForm, L2Advertisement> = {
  kind: 'L2Advertisement',
  schema: l2AdvertisementSchema,
  formSchema: l2AdvertisementFormSchema,
  toForm: l2AdvertisementResourceToForm,
  toResource: l2AdvertisementFormToResource,
  mergeInto: (stored, edited) => ({ ...stored, spec: edited.spec }),
  objectPath: underSpec,
};

/** The YAML tab's text for the form values: the stored object with the edits (edit), or the new object (create). */
export function draftToYaml<F, R extends object>(draft: DraftKind<F, R>, form: F, namespace: string, stored?: R): string {
  const edited = draft.toResource(form, namespace);
  return toKubectlYaml(stored ? draft.mergeInto(stored, edited) : edited);
}

export interface DraftContext<F> {
  namespace: string;
  /** Editing: the object's name, which cannot change. */
  fixedName?: string;
  /** Checks that need the cluster (overlaps with other pools), as form paths. */
  extra?: (form: F) => { path: FieldPath; message: string }[];
}

type Raw = { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };

/** What the page itself requires before the schemas run: the right kind, namespace and name. */
function checkIdentity(raw: Raw, kind: string, ctx: DraftContext<unknown>): { path: FieldPath; message: string }[] {
  const out: { path: FieldPath; message: string }[] = [];
  if (raw.apiVersion !== METALLB_API_VERSION) out.push({ path: ['apiVersion'], message: `apiVersion must be ${METALLB_API_VERSION}` });
  if (raw.kind !== kind) out.push({ path: ['kind'], message: `kind must be ${kind} on this page` });
  const ns = raw.metadata?.namespace;
  if (ns !== undefined && ns !== ctx.namespace) out.push({ path: ['metadata', 'namespace'], message: `resource must be created in ${ctx.namespace} namespace` });
  if (ctx.fixedName !== undefined && raw.metadata?.name !== ctx.fixedName) {
    out.push({ path: ['metadata', 'name'], message: `renaming is not supported: this page edits ${ctx.fixedName} (create a new one instead)` });
  }
  return out;
}

function pickOne(objects: YamlObject[]): { object: YamlObject } | { issues: LineIssue[] } {
  if (objects.length === 0) return { issues: [{ line: null, path: '', message: 'the YAML is empty: write the object here' }] };
  if (objects.length > 1) return { issues: [{ line: objects[1].lineOf([]), path: '', message: 'one object only on this page (a second document starts here)' }] };
  const value = objects[0].value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { issues: [{ line: objects[0].lineOf([]), path: '', message: 'the YAML must be one object (a mapping)' }] };
  return { object: objects[0] };
}

export type DraftCheck<F, R> = { ok: true; form: F; resource: R } | { ok: false; issues: LineIssue[] };

/** Edited YAML -> form values, or every issue at its line (the same rules as the form and the API). */
export function checkDraftYaml<F, R extends object>(text: string, draft: DraftKind<F, R>, ctx: DraftContext<F>): DraftCheck<F, R> {
  const parsed = parseYamlObjects(text);
  if (!parsed.ok) return parsed;
  const one = pickOne(parsed.objects);
  if ('issues' in one) return { ok: false, issues: one.issues };
  const { object } = one;
  const identity = checkIdentity(object.value as Raw, draft.kind, ctx as DraftContext<unknown>);
  if (identity.length) return { ok: false, issues: placeIssues(object, identity) };
  const resource = draft.schema.safeParse(object.value);
  if (!resource.success) return { ok: false, issues: placeIssues(object, resource.error.issues.map((i) => ({ path: i.path as FieldPath, message: i.message }))) };
  const form = draft.toForm(resource.data);
  const checked = draft.formSchema.safeParse(form);
  const formIssues = checked.success ? (ctx.extra?.(checked.data) ?? []) : checked.error.issues.map((i) => ({ path: i.path as FieldPath, message: i.message }));
  if (formIssues.length) return { ok: false, issues: placeIssues(object, formIssues.map((i) => ({ path: draft.objectPath(i.path), message: i.message }))) };
  return { ok: true, form: checked.success ? checked.data : form, resource: resource.data };
}
