// A pending change to the MetalLB configuration (objects to apply, objects to delete) read from a
// request body, and the configuration it would leave, checked with the API server's admission
// rules and lib/config's whole-config validation: a draft the API server would refuse is refused.
import { checkL2AdvertisementAdmission, checkPoolAdmission, validateConfig, formatConfigError, type Config } from '../config';
import { err, ok, type Result } from '../result';
import type { IPAddressPool, L2Advertisement } from '../schemas';

export type DraftKind = 'IPAddressPool' | 'L2Advertisement';

export type ConfigChange =
  | { op: 'apply'; kind: 'IPAddressPool'; name: string; object: IPAddressPool }
  | { op: 'apply'; kind: 'L2Advertisement'; name: string; object: L2Advertisement }
  | { op: 'delete'; kind: DraftKind; name: string };

export interface ConfigObjects {
  pools: readonly IPAddressPool[];
  advertisements: readonly L2Advertisement[];
}

const KINDS: readonly string[] = ['IPAddressPool', 'L2Advertisement'];
/** A preview is for a hand-made change, not a bulk import. */
export const MAX_DRAFT_OBJECTS = 50;

type Raw = { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown }; items?: unknown };

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

function readOne(raw: unknown, index: number, op: 'apply' | 'delete', systemNamespace: string): Result<ConfigChange, string> {
  const where = index < 0 ? 'the object' : `items[${index}]`;
  if (!isObject(raw)) return err(`${where} is not an object`);
  const kind = raw.kind;
  if (typeof kind !== 'string' || !KINDS.includes(kind)) return err(`${where}: kind must be IPAddressPool or L2Advertisement (got ${JSON.stringify(kind ?? null)})`);
  const name = raw.metadata?.name;
  if (typeof name !== 'string' || name === '') return err(`${where}: metadata.name is required`);
  if (op === 'delete') return ok({ op, kind: kind as DraftKind, name });
  // Like `kubectl apply -f` without a namespace: the object goes where MetalLB's objects live.
  const ns = raw.metadata?.namespace;
  const metadata = { ...raw.metadata, namespace: typeof ns === 'string' && ns !== '' ? ns : systemNamespace };
  const object = { ...raw, metadata } as never;
  return ok(kind === 'IPAddressPool' ? { op, kind, name, object } : { op, kind: 'L2Advertisement', name, object });
}

/** One object, or a `kind: List` of them (what `kubectl get -o yaml` prints for several). */
export function readConfigChanges(body: unknown, op: 'apply' | 'delete', systemNamespace: string): Result<ConfigChange[], string> {
  if (isObject(body) && body.kind === 'List') {
    const items = Array.isArray(body.items) ? body.items : [];
    if (items.length === 0) return err('the List has no items');
    if (items.length > MAX_DRAFT_OBJECTS) return err(`at most ${MAX_DRAFT_OBJECTS} objects at once`);
    const out: ConfigChange[] = [];
    for (const [i, item] of items.entries()) {
      const one = readOne(item, i, op, systemNamespace);
      if (!one.ok) return one;
      out.push(one.value);
    }
    return ok(out);
  }
  const one = readOne(body, -1, op, systemNamespace);
  return one.ok ? ok([one.value]) : one;
}

const nameOf = (o: { metadata: { name?: string } }) => o.metadata.name ?? '';

function applyOne(state: ConfigObjects, change: ConfigChange): Result<ConfigObjects, string> {
  const isPool = change.kind === 'IPAddressPool';
  const list: readonly { metadata: { name?: string } }[] = isPool ? state.pools : state.advertisements;
  const rest = list.filter((o) => nameOf(o) !== change.name);
  if (change.op === 'delete' && rest.length === list.length) return err(`${change.kind} ${change.name} not found`);
  const next = change.op === 'apply' ? [...rest, change.object] : rest;
  return ok(isPool ? { ...state, pools: next as IPAddressPool[] } : { ...state, advertisements: next as L2Advertisement[] });
}

/** What the admission webhook would say about one applied object, given the pools it would join. */
function admit(change: ConfigChange, pools: readonly IPAddressPool[], systemNamespace: string): Result<true, string> {
  if (change.op === 'delete') return ok(true);
  const checked =
    change.kind === 'IPAddressPool' ? checkPoolAdmission(change.object, [...pools], systemNamespace) : checkL2AdvertisementAdmission(change.object, systemNamespace);
  return checked.ok ? ok(true) : err(`${change.kind} "${change.name}": ${checked.error}`);
}

export interface DraftOutcome {
  objects: ConfigObjects;
  config: Config;
}

/** The configuration after the changes; the first refusal otherwise, worded as the API server's. */
export function applyConfigChanges(current: ConfigObjects, changes: readonly ConfigChange[], systemNamespace: string): Result<DraftOutcome, string> {
  let state = current;
  for (const change of changes) {
    const others = state.pools.filter((p) => !(change.kind === 'IPAddressPool' && nameOf(p) === change.name));
    const admitted = admit(change, others, systemNamespace);
    if (!admitted.ok) return admitted;
    const next = applyOne(state, change);
    if (!next.ok) return next;
    state = next.value;
  }
  const config = validateConfig([...state.pools], [...state.advertisements], systemNamespace);
  return config.ok ? ok({ objects: state, config: config.value }) : err(formatConfigError(config.error));
}
