// The walkthrough's legacy MetalLB ConfigMap, exactly as its readers apply it (test/fixtures).
import { readFileSync } from 'node:fs';

export const SEED_CONFIGMAP_YAML = readFileSync(new URL('../fixtures/seed-configmap.yaml', import.meta.url), 'utf8');
