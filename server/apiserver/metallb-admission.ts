// MetalLB's schema defaults and validating webhooks for metallb.io kinds, backed by lib/config.
// Denials read exactly as kubectl users see them from MetalLB: 403 Forbidden, `admission webhook "..." denied the request: ...`.
import { checkL2AdvertisementAdmission, checkPoolAdmission } from '../../lib/config';
import { asList, isMap } from './json-path';
import { fieldErrors, webhookDenied } from './status-errors';
import type { Strategy } from './strategy';
import type { FieldError, KubeObject } from './types';

export const POOL_WEBHOOK = 'ipaddresspoolvalidationwebhook.metallb.io';
export const L2_WEBHOOK = 'l2advertisementvalidationwebhook.metallb.io';
const POOLS = 'ipaddresspools.metallb.io';

/** What the CRD's OpenAPI schema enforces before any webhook runs (structural checks and defaults). */
function checkPoolSchema(obj: KubeObject): FieldError[] {
  if (!isMap(obj.spec)) return [fieldErrors.required('spec')];
  const spec = obj.spec;
  if (spec.addresses === undefined) return [fieldErrors.required('spec.addresses')];
  if (!Array.isArray(spec.addresses)) return [fieldErrors.invalid('spec.addresses', spec.addresses, 'spec.addresses in body must be of type array')];
  const errors: FieldError[] = [];
  asList(spec.addresses).forEach((a, i) => {
    if (typeof a !== 'string') errors.push(fieldErrors.invalid(`spec.addresses[${i}]`, a, `spec.addresses[${i}] in body must be of type string`));
  });
  for (const flag of ['autoAssign', 'avoidBuggyIPs']) {
    if (spec[flag] !== undefined && typeof spec[flag] !== 'boolean') errors.push(fieldErrors.invalid(`spec.${flag}`, spec[flag], `spec.${flag} in body must be of type boolean`));
  }
  spec.autoAssign ??= true;
  spec.avoidBuggyIPs ??= false;
  return errors;
}

function checkSpecIsMap(obj: KubeObject): FieldError[] {
  if (obj.spec === undefined) return [];
  return isMap(obj.spec) ? [] : [fieldErrors.invalid('spec', obj.spec, 'spec in body must be of type object')];
}

export const ipAddressPoolStrategy: Strategy = {
  prepare: (obj) => checkPoolSchema(obj),
  admit(obj, _old, ctx) {
    const existing = ctx.store.list(POOLS).map((e) => e.obj);
    const result = checkPoolAdmission(obj, existing, ctx.systemNamespace);
    return result.ok ? undefined : webhookDenied(POOL_WEBHOOK, result.error);
  },
};

export const l2AdvertisementStrategy: Strategy = {
  prepare: (obj) => checkSpecIsMap(obj),
  admit(obj, _old, ctx) {
    const result = checkL2AdvertisementAdmission(obj, ctx.systemNamespace);
    return result.ok ? undefined : webhookDenied(L2_WEBHOOK, result.error);
  },
};

export const metallbPlainStrategy: Strategy = { prepare: (obj) => checkSpecIsMap(obj) };
