// Seeds the demo cluster once per data dir (a marker file records it), so a user's later
// deletions stay deleted. The pool comes from the walkthrough's legacy ConfigMap via lib/config.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { convertLegacyConfigMap } from '../../lib/config';
import { RESOURCES, createObject, isAlreadyExists, type Kube, type KubeObject, type ResourceName } from '../kube';
import { SEED_LEGACY_CONFIGMAP, demoObjects } from './demo-objects';

const MARKER = 'demo-seeded';

async function createIfMissing(kube: Kube, resource: ResourceName, object: KubeObject): Promise<void> {
  try {
    await createObject(kube, RESOURCES[resource], object);
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
  }
}

/** Returns true when it seeded now, false when this data dir was seeded before. */
export async function seedDemo(kube: Kube, dataDir: string): Promise<boolean> {
  const marker = path.join(dataDir, MARKER);
  if (existsSync(marker)) return false;
  const converted = convertLegacyConfigMap(SEED_LEGACY_CONFIGMAP);
  if (!converted.ok) throw new Error(`demo seed: ${converted.error}`);
  for (const { resource, object } of demoObjects()) {
    if (resource === 'services' && (object.spec as { type?: string }).type === 'LoadBalancer') {
      // The pool first, so the controller hands out 10.20.13.15 as in the walkthrough.
      for (const pool of converted.value.pools) await createIfMissing(kube, 'ipaddresspools', pool as KubeObject);
      for (const adv of converted.value.advertisements) await createIfMissing(kube, 'l2advertisements', adv as KubeObject);
    }
    await createIfMissing(kube, resource as ResourceName, object);
  }
  writeFileSync(marker, new Date().toISOString());
  return true;
}
