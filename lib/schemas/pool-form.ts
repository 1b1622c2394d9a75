// What the dashboard's pool form submits (also the route body), and its mapping to/from the CR.
// Each address is parsed with lib/ip so the form can show a message next to that address.
import { z } from 'zod';
import { parsePoolAddress, rangesOverlap, type IPRange } from '../ip';
import { METALLB_API_VERSION, resourceNameSchema } from './common';
import { labelSelectorSchema, labelsSchema } from './label-selector';
import type { IPAddressPool } from './ip-address-pool';

const poolAddressFieldSchema = z
  .string()
  .trim()
  .min(1, 'address is required')
  .superRefine((text, ctx) => {
    const parsed = parsePoolAddress(text);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
  });

/** Flags the later of two overlapping addresses, naming the earlier one. */
function refineNoOverlap(addresses: string[], ctx: z.RefinementCtx): void {
  const seen: { text: string; range: IPRange }[] = [];
  addresses.forEach((text, index) => {
    const parsed = parsePoolAddress(text);
    if (!parsed.ok) return;
    const clash = seen.find((s) => rangesOverlap(s.range, parsed.value));
    if (clash) {
      ctx.addIssue({ code: 'custom', path: [index], message: `overlaps with "${clash.text}"` });
    }
    seen.push({ text, range: parsed.value });
  });
}

export const poolFormSchema = z.object({
  name: resourceNameSchema,
  addresses: z.array(poolAddressFieldSchema).min(1, 'add at least one address').superRefine(refineNoOverlap),
  autoAssign: z.boolean(),
  avoidBuggyIPs: z.boolean(),
  labels: labelsSchema.optional(),
  serviceAllocation: z
    .object({
      priority: z.number().int('priority must be a whole number').min(0, 'priority must be 0 or more').optional(),
      namespaces: z.array(z.string().trim().min(1, 'namespace is required')),
      namespaceSelectors: z.array(labelSelectorSchema),
      serviceSelectors: z.array(labelSelectorSchema),
    })
    .optional(),
});

export type PoolForm = z.infer<typeof poolFormSchema>;

/** Builds the CR the form describes (empty selector lists are left out, like kubectl would). */
export function poolFormToResource(form: PoolForm, namespace: string): IPAddressPool {
  const sa = form.serviceAllocation;
  return {
    apiVersion: METALLB_API_VERSION,
    kind: 'IPAddressPool',
    metadata: { name: form.name, namespace, ...(form.labels && Object.keys(form.labels).length ? { labels: form.labels } : {}) },
    spec: {
      addresses: form.addresses,
      autoAssign: form.autoAssign,
      avoidBuggyIPs: form.avoidBuggyIPs,
      ...(sa
        ? {
            serviceAllocation: {
              ...(sa.priority !== undefined ? { priority: sa.priority } : {}),
              ...(sa.namespaces.length ? { namespaces: sa.namespaces } : {}),
              ...(sa.namespaceSelectors.length ? { namespaceSelectors: sa.namespaceSelectors } : {}),
              ...(sa.serviceSelectors.length ? { serviceSelectors: sa.serviceSelectors } : {}),
            },
          }
        : {}),
    },
  };
}

/** Form values for editing an existing pool (CRD defaults filled in). */
export function poolResourceToForm(pool: IPAddressPool): PoolForm {
  const sa = pool.spec.serviceAllocation;
  return {
    name: pool.metadata.name ?? '',
    addresses: [...pool.spec.addresses],
    autoAssign: pool.spec.autoAssign ?? true,
    avoidBuggyIPs: pool.spec.avoidBuggyIPs ?? false,
    ...(pool.metadata.labels ? { labels: { ...pool.metadata.labels } } : {}),
    ...(sa
      ? {
          serviceAllocation: {
            ...(sa.priority !== undefined ? { priority: sa.priority } : {}),
            namespaces: sa.namespaces ?? [],
            namespaceSelectors: sa.namespaceSelectors ?? [],
            serviceSelectors: sa.serviceSelectors ?? [],
          },
        }
      : {}),
  };
}
