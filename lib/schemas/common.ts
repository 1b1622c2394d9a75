// Shared zod pieces for metallb.io CRs: ObjectMeta and DNS-1123 names (selectors: label-selector.ts).
// Structural only; semantic rules (overlaps, namespaces) live in lib/config.
import { z } from 'zod';

export const METALLB_API_VERSION = 'metallb.io/v1beta1';
export const DEFAULT_SYSTEM_NAMESPACE = 'metallb-system';

/** Kubernetes object names for CRs: a DNS-1123 subdomain (lowercase, <= 253 chars). */
export const resourceNameSchema = z
  .string()
  .min(1, 'name is required')
  .max(253, 'name must be at most 253 characters')
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    "name must be lowercase letters, digits, '-' or '.', starting and ending with a letter or digit",
  );

/** ObjectMeta: the fields ironlb reads; every other field (uid, managedFields...) is kept. */
export const objectMetaSchema = z.looseObject({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: z.number().optional(),
  creationTimestamp: z.string().optional(),
});

export type ObjectMeta = z.infer<typeof objectMetaSchema>;
