// Import of a legacy MetalLB ConfigMap: preview the IPAddressPools and L2Advertisements it
// becomes (with lib/config's conversion, as `ironlb convert` does), then create them.
import { convertLegacyConfigMap, renderResourcesYaml } from '../../../lib/config';
import { createObject, getObject } from '../../kube/objects';
import { RESOURCES, type ResourceRef } from '../../kube/resources';
import type { KubeObject } from '../../kube/types';
import type { Audited, ImportItem, ImportPreview } from '../../../lib/contract/worker-ops';
import { OpError } from '../../http/op-error';
import type { Dashboard } from '../dashboard';
import { callCluster, invalid } from '../errors';

export type { ImportItem, ImportPreview };

const MAX_TEXT = 256 * 1024;

function convert(dash: Dashboard, text: unknown) {
  if (typeof text !== 'string' || !text.trim()) throw invalid('paste a MetalLB ConfigMap', [{ path: 'text', message: 'paste a MetalLB ConfigMap' }]);
  if (text.length > MAX_TEXT) throw invalid('the ConfigMap is too large (256 KiB at most)', [{ path: 'text', message: 'too large' }]);
  const result = convertLegacyConfigMap(text, dash.systemNamespace);
  if (!result.ok) throw invalid(result.error, [{ path: 'text', message: result.error }]);
  return result.value;
}

const refOf = (r: KubeObject): ResourceRef => (r.kind === 'IPAddressPool' ? RESOURCES.ipaddresspools : RESOURCES.l2advertisements);
const sameSpec = (a: KubeObject, b: KubeObject | undefined) => Boolean(b) && JSON.stringify(a.spec ?? {}) === JSON.stringify(b?.spec ?? {});

function existingOf(dash: Dashboard, r: KubeObject): KubeObject | undefined {
  const kind = r.kind === 'IPAddressPool' ? 'ipaddresspools' : 'l2advertisements';
  return dash.cache.informer(kind).get(`${dash.systemNamespace}/${r.metadata.name}`);
}

function planItem(dash: Dashboard, r: KubeObject): ImportItem {
  const existing = existingOf(dash, r);
  const base = { kind: r.kind as ImportItem['kind'], name: r.metadata.name ?? '' };
  if (!existing) return { ...base, outcome: 'create' };
  return sameSpec(r, existing) ? { ...base, outcome: 'unchanged' } : { ...base, outcome: 'conflict', message: `${base.kind} ${base.name} already exists with a different spec` };
}

/**
 * The converter names advertisements l2advertisement<N> from 1, so a second import collides
 * with the first: reuse an existing advertisement with the same spec, else take a free name.
 */
function placeAdvertisements(dash: Dashboard, ads: KubeObject[]): KubeObject[] {
  const existing = dash.cache.list('l2advertisements');
  const taken = new Set(existing.map((a) => a.metadata.name));
  const out: KubeObject[] = [];
  for (const ad of ads) {
    const twin = existing.find((e) => sameSpec(ad, e));
    if (twin) {
      out.push({ ...ad, metadata: { ...ad.metadata, name: twin.metadata.name } });
      continue;
    }
    let name = ad.metadata.name ?? 'l2advertisement';
    for (let n = 1; taken.has(name); n++) name = `l2advertisement${n}`;
    taken.add(name);
    out.push({ ...ad, metadata: { ...ad.metadata, name } });
  }
  return out;
}

export async function previewImport(dash: Dashboard, args: { text: unknown }): Promise<ImportPreview & { resources: KubeObject[] }> {
  await dash.ready();
  const conv = convert(dash, args.text);
  const resources = [...(conv.pools as KubeObject[]), ...placeAdvertisements(dash, conv.advertisements as KubeObject[])];
  return { yaml: renderResourcesYaml(resources), warnings: conv.warnings, items: resources.map((r) => planItem(dash, r)), resources };
}

async function applyOne(dash: Dashboard, r: KubeObject): Promise<ImportItem> {
  const plan = planItem(dash, r);
  if (plan.outcome !== 'create') return plan;
  try {
    await callCluster(`${r.kind} ${r.metadata.name}`, () => createObject(dash.kube, refOf(r), r));
    return { ...plan, outcome: 'created' };
  } catch (e) {
    const current = await getObject(dash.kube, refOf(r), { namespace: dash.systemNamespace, name: r.metadata.name ?? '' }).catch(() => undefined);
    if (sameSpec(r, current)) return { ...plan, outcome: 'unchanged' };
    return { ...plan, outcome: 'failed', message: e instanceof Error ? e.message : String(e) };
  }
}

/** Pools first, then advertisements; an existing identical object is left as it is. */
export async function applyImport(dash: Dashboard, args: { text: unknown }): Promise<Audited<{ items: ImportItem[]; warnings: string[] }>> {
  const preview = await previewImport(dash, args);
  const conflicts = preview.items.filter((i) => i.outcome === 'conflict');
  if (conflicts.length) {
    throw new OpError(409, 'Conflict', conflicts.map((c) => c.message).join('; '), conflicts.map((c) => ({ path: `${c.kind}/${c.name}`, message: c.message })));
  }
  const items: ImportItem[] = [];
  for (const r of preview.resources) items.push(await applyOne(dash, r));
  const failed = items.filter((i) => i.outcome === 'failed');
  if (failed.length) throw invalid(failed.map((f) => `${f.kind} ${f.name}: ${f.message}`).join('; '), failed.map((f) => ({ path: `${f.kind}/${f.name}`, message: f.message ?? 'failed' })));
  const answer = { items, warnings: preview.warnings };
  return { answer, before: null, after: answer };
}

/** The legacy ConfigMap stored in the cluster (metallb-system/config), if any, as YAML to paste. */
export async function readClusterLegacyConfig(dash: Dashboard): Promise<{ found: boolean; text: string }> {
  await dash.ready();
  const cm = await callCluster('ConfigMap config', () => getObject<KubeObject>(dash.kube, RESOURCES.configmaps, { namespace: dash.systemNamespace, name: 'config' }));
  if (!cm) return { found: false, text: '' };
  const data = (cm as { data?: Record<string, string> }).data ?? {};
  const doc = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', namespace: dash.systemNamespace }, data };
  return { found: true, text: renderResourcesYaml([doc]) };
}
