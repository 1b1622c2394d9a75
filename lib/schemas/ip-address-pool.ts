// The IPAddressPool CR (metallb.io/v1beta1) as zod schema + type, and its CRD defaults.
// Addresses are only checked to be strings here; lib/config parses them with pool-named errors.
import { z } from 'zod';
import { objectMetaSchema } from './common';
import { labelSelectorSchema } from './label-selector';

export const serviceAllocationSchema = z.object({
  priority: z.number().int('priority must be an integer').optional(),
  namespaces: z.array(z.string()).optional(),
  namespaceSelectors: z.array(labelSelectorSchema).optional(),
  serviceSelectors: z.array(labelSelectorSchema).optional(),
});

export const ipAddressPoolSpecSchema = z.object({
  addresses: z.array(z.string()),
  autoAssign: z.boolean().optional(),
  avoidBuggyIPs: z.boolean().optional(),
  serviceAllocation: serviceAllocationSchema.optional(),
});

/** Counts are plain numbers; an IPv6 /64 exceeds 2^53, so writers should cap (MetalLB uses int64). */
export const ipAddressPoolStatusSchema = z.object({
  assignedIPv4: z.number().nonnegative().optional(),
  assignedIPv6: z.number().nonnegative().optional(),
  availableIPv4: z.number().nonnegative().optional(),
  availableIPv6: z.number().nonnegative().optional(),
});

export const ipAddressPoolSchema = z.looseObject({
  apiVersion: z.literal('metallb.io/v1beta1'),
  kind: z.literal('IPAddressPool'),
  metadata: objectMetaSchema,
  spec: ipAddressPoolSpecSchema,
  status: ipAddressPoolStatusSchema.optional(),
});

export type ServiceAllocation = z.infer<typeof serviceAllocationSchema>;
export type IPAddressPoolSpec = z.infer<typeof ipAddressPoolSpecSchema>;
export type IPAddressPoolStatus = z.infer<typeof ipAddressPoolStatusSchema>;
export type IPAddressPool = z.infer<typeof ipAddressPoolSchema>;

/** The CRD defaults: autoAssign true, avoidBuggyIPs false. Returns a new object. */
export function applyPoolDefaults(pool: IPAddressPool): IPAddressPool {
  return {
    ...pool,
    spec: {
      ...pool.spec,
      autoAssign: pool.spec.autoAssign ?? true,
      avoidBuggyIPs: pool.spec.avoidBuggyIPs ?? false,
    },
  };
}
