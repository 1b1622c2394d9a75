// Objects as kubectl prints them (`kubectl get -o yaml`: keys sorted, lists not indented, YAML 1.1
// quoting, no managedFields) and as a `kubectl apply` manifest (without what the server sets).
import { stringify } from 'yaml';

type Obj = { metadata?: Record<string, unknown> & { annotations?: Record<string, string> }; status?: unknown } & Record<string, unknown>;

/** What sigs.k8s.io/yaml writes: sorted keys, block style, sequences at their key's indent. */
export const KUBECTL_YAML = { sortMapEntries: true, indentSeq: false, version: '1.1', lineWidth: 0 } as const;

/** Server-set metadata that `kubectl apply` must not carry back. */
const SERVER_FIELDS = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function withoutManagedFields(obj: Obj): Obj {
  if (!obj.metadata || !('managedFields' in obj.metadata)) return obj;
  const metadata = { ...obj.metadata };
  delete metadata.managedFields;
  return { ...obj, metadata };
}

export function toKubectlYaml(obj: object): string {
  return stringify(withoutManagedFields(obj as Obj), KUBECTL_YAML);
}

/** The object as you would write it for `kubectl apply -f`: no status, no server-set metadata. */
export function toApplyManifest(obj: object): Obj {
  const { status: _status, ...rest } = obj as Obj;
  const metadata = { ...(rest.metadata ?? {}) };
  for (const f of SERVER_FIELDS) delete metadata[f];
  if (metadata.annotations) {
    const annotations = { ...metadata.annotations };
    delete annotations[LAST_APPLIED];
    if (Object.keys(annotations).length) metadata.annotations = annotations;
    else delete metadata.annotations;
  }
  return { ...rest, metadata };
}

/** A shell command that applies the object as it is now: `kubectl apply -f - <<'EOF' ... EOF`. */
export function toApplyCommand(obj: object): string {
  return `kubectl apply -f - <<'EOF'\n${toKubectlYaml(toApplyManifest(obj))}EOF\n`;
}
