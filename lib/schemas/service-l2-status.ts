// The ServiceL2Status CR (metallb.io/v1beta1) written by the announcing speaker, and its labels.
import { z } from 'zod';
import { objectMetaSchema } from './common';

export const SERVICE_L2_STATUS_LABELS = {
  node: 'metallb.io/node',
  serviceName: 'metallb.io/service-name',
  serviceNamespace: 'metallb.io/service-namespace',
} as const;

export const serviceL2StatusStatusSchema = z.object({
  node: z.string().optional(),
  serviceName: z.string().optional(),
  serviceNamespace: z.string().optional(),
  interfaces: z.array(z.object({ name: z.string() })).optional(),
});

export const serviceL2StatusSchema = z.looseObject({
  apiVersion: z.literal('metallb.io/v1beta1'),
  kind: z.literal('ServiceL2Status'),
  metadata: objectMetaSchema,
  spec: z.object({}).optional(),
  status: serviceL2StatusStatusSchema.optional(),
});

export type ServiceL2StatusStatus = z.infer<typeof serviceL2StatusStatusSchema>;
export type ServiceL2Status = z.infer<typeof serviceL2StatusSchema>;
