// Request bodies of the dashboard API that are not CR forms (those are lib/schemas'
// poolFormSchema and l2AdvertisementFormSchema): node exclusion, what-if, import.
import { z } from 'zod';
import { l2AdvertisementFormSchema } from './l2-advertisement-form';
import { poolFormSchema } from './pool-form';

const nodeNames = z.array(z.string().trim().min(1, 'node name is required').max(253)).max(1000, 'at most 1000 nodes');

/** An edit names the version it started from: generation (spec changes only) or resourceVersion (any change). */
const editedSince = { resourceVersion: z.string().max(64).optional(), generation: z.number().int().positive().optional() };
export const poolUpdateSchema = poolFormSchema.extend(editedSince);
export const advertisementUpdateSchema = l2AdvertisementFormSchema.extend(editedSince);

export const exclusionRequestSchema = z.object({
  nodes: nodeNames.min(1, 'pick at least one node'),
  excluded: z.boolean(),
});

export const whatIfRequestSchema = z.object({
  nodes: nodeNames,
  mode: z.enum(['exclude', 'drain']).default('exclude'),
});

export const whatIfApplySchema = z.object({ nodes: nodeNames.min(1, 'pick at least one node') });

/** A draft MetalLB object (or a List of them); lib/views' readConfigChanges and admission check the rest. */
export const previewRequestSchema = z.looseObject({ kind: z.string({ error: 'kind is required' }) });

export const IMPORT_TEXT_LIMIT = 256 * 1024;
export const importRequestSchema = z.object({
  text: z.string().trim().min(1, 'paste a MetalLB ConfigMap').max(IMPORT_TEXT_LIMIT, 'the ConfigMap is too large (256 KiB at most)'),
});

export type ExclusionRequest = z.infer<typeof exclusionRequestSchema>;
export type WhatIfRequest = z.infer<typeof whatIfRequestSchema>;
export type ImportRequest = z.infer<typeof importRequestSchema>;
