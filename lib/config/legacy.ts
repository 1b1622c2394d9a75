// Legacy MetalLB ConfigMap (metallb-system/config, key `config`) -> IPAddressPool +
// L2Advertisement CRs. BGP pools are validated (they take part in overlap checks) but reported
// in warnings, never emitted. Pure: YAML parsing only, no I/O.
import { parseAllDocuments, stringify } from 'yaml';
import { err, ok, type Result } from '../result';
import { DEFAULT_SYSTEM_NAMESPACE, METALLB_API_VERSION, type IPAddressPool, type L2Advertisement } from '../schemas';
import { toDnsLabel } from './legacy-names';
import { MAX_YAML_DEPTH, nestsDeeperThan, parseYamlText, readLegacyConfig, tooDeepMessage, type LegacyPool } from './legacy-read';
import { checkOverlaps, parsePoolAddresses } from './pool-config';
import { formatConfigError, validateConfig } from './validate-config';

export type LegacyConversion = { pools: IPAddressPool[]; advertisements: L2Advertisement[]; warnings: string[] };

type NamedPool = LegacyPool & { k8sName: string };

function assignNames(pools: LegacyPool[], warnings: string[]): Result<NamedPool[], string> {
  const out: NamedPool[] = [];
  for (const pool of pools) {
    const name = toDnsLabel(pool.name);
    if (!name.ok) return name;
    const clash = out.find((p) => p.k8sName === name.value);
    if (clash) return err(`pools "${clash.name}" and "${pool.name}" would both be named "${name.value}"`);
    if (name.value !== pool.name) warnings.push(`pool "${pool.name}" renamed to "${name.value}" (Kubernetes names are DNS-1123 labels)`);
    out.push({ ...pool, k8sName: name.value });
  }
  return ok(out);
}

function checkLegacyOverlaps(pools: LegacyPool[]): Result<true, string> {
  const all = pools.flatMap((p) => {
    const parsed = parsePoolAddresses(p.name, p.addresses);
    return parsed.ok ? parsed.value : [];
  });
  const overlap = checkOverlaps(all);
  return overlap.ok ? overlap : err(overlap.error.message);
}

function toPoolResource(pool: NamedPool, namespace: string): IPAddressPool {
  return {
    apiVersion: METALLB_API_VERSION,
    kind: 'IPAddressPool',
    metadata: { name: pool.k8sName, namespace },
    spec: { addresses: pool.addresses, autoAssign: pool.autoAssign, avoidBuggyIPs: pool.avoidBuggyIPs },
  };
}

function toAdvertisementResource(pool: NamedPool, index: number, namespace: string): L2Advertisement {
  return {
    apiVersion: METALLB_API_VERSION,
    kind: 'L2Advertisement',
    metadata: { name: `l2advertisement${index + 1}`, namespace },
    spec: { ipAddressPools: [pool.k8sName] },
  };
}

/** The text under the ConfigMap's `config` key -> CRs in `namespace`. */
export function convertLegacyConfig(
  configYamlText: string,
  namespace: string = DEFAULT_SYSTEM_NAMESPACE,
): Result<LegacyConversion, string> {
  const value = parseYamlText(configYamlText, 'config');
  if (!value.ok) return value;
  const legacy = readLegacyConfig(value.value);
  if (!legacy.ok) return legacy;
  const warnings = [...legacy.value.warnings];
  const overlaps = checkLegacyOverlaps(legacy.value.pools);
  if (!overlaps.ok) return overlaps;
  const named = assignNames(legacy.value.pools, warnings);
  if (!named.ok) return named;
  const layer2 = named.value.filter((p) => p.protocol === 'layer2');
  for (const p of named.value.filter((p) => p.protocol === 'bgp')) {
    warnings.push(`pool "${p.name}" uses protocol bgp, which ironlb does not support: not converted`);
  }
  const pools = layer2.map((p) => toPoolResource(p, namespace));
  const advertisements = layer2.map((p, i) => toAdvertisementResource(p, i, namespace));
  // Belt and braces: the output must pass the same rules the admission check applies.
  const validated = validateConfig(pools, advertisements, namespace);
  if (!validated.ok) return err(formatConfigError(validated.error));
  return ok({ pools, advertisements, warnings });
}

type ConfigMapLike = { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown }; data?: { config?: unknown }; items?: unknown };

function collectConfigMaps(docs: unknown[]): ConfigMapLike[] {
  const out: ConfigMapLike[] = [];
  for (const doc of docs) {
    const obj = doc as ConfigMapLike | null;
    if (!obj || typeof obj !== 'object') continue;
    if (obj.kind === 'List' && Array.isArray(obj.items)) out.push(...collectConfigMaps(obj.items));
    if (obj.kind === 'ConfigMap' && typeof obj.data?.config === 'string') out.push(obj);
  }
  return out;
}

function parseDocuments(yamlText: string): Result<unknown[], string> {
  try {
    const docs = parseAllDocuments(yamlText);
    const list = Array.isArray(docs) ? docs : [docs];
    for (const doc of list) {
      if (doc.errors.length === 0) continue;
      // The parser reports its own stack overflow on pathological nesting as a document error.
      if (/call stack/i.test(doc.errors[0].message)) return err(tooDeepMessage('the document'));
      return err(`invalid YAML: ${doc.errors[0].message.split('\n')[0]}`);
    }
    const values = list.map((d) => d.toJS() as unknown);
    return values.some((v) => nestsDeeperThan(v, MAX_YAML_DEPTH)) ? err(tooDeepMessage('the document')) : ok(values);
  } catch (e) {
    // The parser recurses per level: a pathological document overflows the stack before it ends.
    if (e instanceof RangeError) return err(tooDeepMessage('the document'));
    throw e;
  }
}

function pickConfigMap(maps: ConfigMapLike[]): Result<ConfigMapLike, string> {
  if (maps.length === 1) return ok(maps[0]);
  const named = maps.filter((m) => m.metadata?.name === 'config');
  if (named.length === 1) return ok(named[0]);
  return err(`found ${maps.length} ConfigMaps with data.config; pass only MetalLB's (metallb-system/config)`);
}

/**
 * A whole ConfigMap YAML document (or a List holding it, or the bare `config` text) -> CRs.
 * The namespace defaults to the ConfigMap's own, then metallb-system.
 */
export function convertLegacyConfigMap(yamlText: string, namespace?: string): Result<LegacyConversion, string> {
  const docs = parseDocuments(yamlText);
  if (!docs.ok) return docs;
  const maps = collectConfigMaps(docs.value);
  if (maps.length === 0) {
    const bare = docs.value.length === 1 && typeof docs.value[0] === 'object' && docs.value[0] !== null && 'address-pools' in docs.value[0];
    if (bare) return convertLegacyConfig(yamlText, namespace);
    return err('no MetalLB ConfigMap found (expected kind: ConfigMap with data.config, or the config text itself)');
  }
  const map = pickConfigMap(maps);
  if (!map.ok) return map;
  const ns = namespace ?? (typeof map.value.metadata?.namespace === 'string' ? map.value.metadata.namespace : DEFAULT_SYSTEM_NAMESPACE);
  return convertLegacyConfig(map.value.data?.config as string, ns);
}

/** Multi-document YAML that `kubectl apply -f -` accepts; strings YAML 1.1 would misread are quoted. */
export function renderResourcesYaml(resources: readonly object[], headerComments: readonly string[] = []): string {
  const header = headerComments.map((c) => `# ${c}\n`).join('');
  const body = resources.map((r) => stringify(r, { version: '1.1' })).join('---\n');
  return header + body;
}
