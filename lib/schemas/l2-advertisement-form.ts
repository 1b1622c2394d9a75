// What the dashboard's L2Advertisement form submits, and its mapping to/from the CR.
import { z } from 'zod';
import { METALLB_API_VERSION, resourceNameSchema } from './common';
import { labelSelectorSchema } from './label-selector';
import { preferredNodeSelectorSchema, type L2Advertisement, type L2AdvertisementSpec } from './l2-advertisement';

export const l2AdvertisementFormSchema = z.object({
  name: resourceNameSchema,
  ipAddressPools: z.array(z.string().trim().min(1, 'pool name is required')),
  ipAddressPoolSelectors: z.array(labelSelectorSchema),
  nodeSelectors: z.array(labelSelectorSchema),
  interfaces: z.array(z.string().trim().min(1, 'interface name is required')),
  serviceSelectors: z.array(labelSelectorSchema),
  preferredNodeSelectors: z.array(preferredNodeSelectorSchema),
});

export type L2AdvertisementForm = z.infer<typeof l2AdvertisementFormSchema>;

/** Builds the CR; empty lists are left out (empty means "all" either way). */
export function l2AdvertisementFormToResource(form: L2AdvertisementForm, namespace: string): L2Advertisement {
  const spec: L2AdvertisementSpec = {
    ...(form.ipAddressPools.length ? { ipAddressPools: form.ipAddressPools } : {}),
    ...(form.ipAddressPoolSelectors.length ? { ipAddressPoolSelectors: form.ipAddressPoolSelectors } : {}),
    ...(form.nodeSelectors.length ? { nodeSelectors: form.nodeSelectors } : {}),
    ...(form.interfaces.length ? { interfaces: form.interfaces } : {}),
    ...(form.serviceSelectors.length ? { serviceSelectors: form.serviceSelectors } : {}),
    ...(form.preferredNodeSelectors.length ? { preferredNodeSelectors: form.preferredNodeSelectors } : {}),
  };
  return {
    apiVersion: METALLB_API_VERSION,
    kind: 'L2Advertisement',
    metadata: { name: form.name, namespace },
    spec,
  };
}

export function l2AdvertisementResourceToForm(adv: L2Advertisement): L2AdvertisementForm {
  const spec = adv.spec ?? {};
  return {
    name: adv.metadata.name ?? '',
    ipAddressPools: spec.ipAddressPools ?? [],
    ipAddressPoolSelectors: spec.ipAddressPoolSelectors ?? [],
    nodeSelectors: spec.nodeSelectors ?? [],
    interfaces: spec.interfaces ?? [],
    serviceSelectors: spec.serviceSelectors ?? [],
    preferredNodeSelectors: spec.preferredNodeSelectors ?? [],
  };
}
