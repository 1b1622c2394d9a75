// The CRDs as data, and as the YAML files deploy/crds holds.
import { stringify } from 'yaml';
import { CRDS, toCrd } from './definitions';

export { CRDS, toCrd, type CrdSpec, type PrinterColumn } from './definitions';
export type { JSONSchemaProps, Validation } from './schema';

const HEADER = '# Generated from lib/crds by `npm run gen:crds`: edit lib/crds/definitions.ts, not this file.\n';

/** deploy/crds/<plural>.yaml: the file name and its exact text. */
export function crdFiles(): { name: string; text: string }[] {
  return CRDS.map((spec) => ({
    name: `${spec.plural}.yaml`,
    text: HEADER + stringify(toCrd(spec), { lineWidth: 0 }),
  }));
}
