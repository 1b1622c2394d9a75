// The L2Advertisement CR (metallb.io/v1beta1) as zod schema + type. A missing spec is valid
// (MetalLB's docs show spec-less advertisements: all pools, all nodes, all interfaces).
import { z } from 'zod';
import { objectMetaSchema } from './common';
import { labelSelectorSchema } from './label-selector';

export const preferredNodeSelectorSchema = z.object({
  weight: z.number().int().min(1, 'weight must be 1..100').max(100, 'weight must be 1..100'),
  preference: labelSelectorSchema,
});

export const l2AdvertisementSpecSchema = z.object({
  ipAddressPools: z.array(z.string()).optional(),
  ipAddressPoolSelectors: z.array(labelSelectorSchema).optional(),
  nodeSelectors: z.array(labelSelectorSchema).optional(),
  interfaces: z.array(z.string()).optional(),
  serviceSelectors: z.array(labelSelectorSchema).optional(),
  preferredNodeSelectors: z.array(preferredNodeSelectorSchema).optional(),
});

export const l2AdvertisementSchema = z.looseObject({
  apiVersion: z.literal('metallb.io/v1beta1'),
  kind: z.literal('L2Advertisement'),
  metadata: objectMetaSchema,
  spec: l2AdvertisementSpecSchema.optional(),
});

export type PreferredNodeSelector = z.infer<typeof preferredNodeSelectorSchema>;
export type L2AdvertisementSpec = z.infer<typeof l2AdvertisementSpecSchema>;
export type L2Advertisement = z.infer<typeof l2AdvertisementSchema>;
