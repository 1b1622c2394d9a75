// Reads a service's allocation wishes: requested IPs (annotation or spec.loadBalancerIP), the
// pool annotation and the sharing key, with metallb.io/ names winning over metallb.universe.tf/.
import { formatIP, parseIP, type IPAddr, type IPFamily } from '../ip';
import { err, ok, type Result } from '../result';
import type { AllocService, AllocationError, AllocationRequest } from './types';

export const ANNOTATION_ADDRESS_POOL = 'metallb.io/address-pool';
export const ANNOTATION_LOADBALANCER_IPS = 'metallb.io/loadBalancerIPs';
export const ANNOTATION_ALLOW_SHARED_IP = 'metallb.io/allow-shared-ip';
/** Written by the controller: the pool the service's IPs came from. */
export const ANNOTATION_ALLOCATED_FROM_POOL = 'metallb.io/ip-allocated-from-pool';
export const DEPRECATED_PREFIX = 'metallb.universe.tf/';

const deprecatedName = (name: string): string => DEPRECATED_PREFIX + name.slice('metallb.io/'.length);
const OLD_NAMES: Record<string, string> = Object.fromEntries(
  [ANNOTATION_ADDRESS_POOL, ANNOTATION_LOADBALANCER_IPS, ANNOTATION_ALLOW_SHARED_IP].map((n) => [n, deprecatedName(n)]),
);

/** The value of an annotation, reading the deprecated alias only when the new name is absent. */
function readAnnotation(service: AllocService, name: string, deprecated: string[]): string | undefined {
  const old = OLD_NAMES[name];
  const hasOld = Object.hasOwn(service.annotations, old);
  if (hasOld) deprecated.push(old);
  if (Object.hasOwn(service.annotations, name)) return service.annotations[name];
  return hasOld ? service.annotations[old] : undefined;
}

const NONE: readonly string[] = Object.freeze([]);

const fail = (message: string, deprecatedAnnotations: readonly string[]): Result<never, AllocationError> =>
  err({ eventReason: 'LoadBalancerFailed', message, deprecatedAnnotations });

function parseRequestedIPs(text: string, source: string): Result<IPAddr[], string> {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length > 2) return err(`${source}: at most two IPs, one per family, may be requested`);
  const ips: IPAddr[] = [];
  for (const part of parts) {
    const parsed = parseIP(part);
    if (!parsed.ok) return err(`${source}: invalid IP "${part}"`);
    ips.push(parsed.value);
  }
  if (ips.length === 2 && ips[0].family === ips[1].family) {
    return err(`${source}: "${formatIP(ips[0])}" and "${formatIP(ips[1])}" are both ${ips[0].family}; request one IP per family`);
  }
  return ok(sortByFamily(ips));
}

/** [IPv4, IPv6] order, as every allocation result. */
export const sortByFamily = (ips: IPAddr[]): IPAddr[] =>
  [...ips].sort((a, b) => (a.family === b.family ? 0 : a.family === 'IPv4' ? -1 : 1));

export function readAllocationRequest(service: AllocService): Result<AllocationRequest, AllocationError> {
  const deprecated: string[] = [];
  const pool = readAnnotation(service, ANNOTATION_ADDRESS_POOL, deprecated);
  const sharingKey = readAnnotation(service, ANNOTATION_ALLOW_SHARED_IP, deprecated);
  const annotated = readAnnotation(service, ANNOTATION_LOADBALANCER_IPS, deprecated);
  const specIP = service.loadBalancerIP?.trim() || undefined;
  if (annotated !== undefined && specIP !== undefined) {
    return fail(`service can not have both ${ANNOTATION_LOADBALANCER_IPS} and spec.loadBalancerIP`, deprecated);
  }
  let requestedIPs: IPAddr[] = [];
  if (annotated !== undefined || specIP !== undefined) {
    const source = annotated !== undefined ? ANNOTATION_LOADBALANCER_IPS : 'spec.loadBalancerIP';
    const parsed = parseRequestedIPs(annotated ?? specIP ?? '', source);
    if (!parsed.ok) return fail(parsed.error, deprecated);
    requestedIPs = parsed.value;
  }
  return ok({
    requestedIPs,
    pool: pool?.trim() || undefined,
    sharingKey: sharingKey?.trim() || undefined,
    deprecatedAnnotations: deprecated.length > 0 ? deprecated : NONE,
  });
}

const DUAL: readonly IPFamily[] = ['IPv4', 'IPv6'];
const ATTEMPTS = {
  dual: [DUAL],
  preferV4: [DUAL, ['IPv4']],
  preferV6: [DUAL, ['IPv6']],
  v4: [['IPv4']],
  v6: [['IPv6']],
} as const satisfies Record<string, readonly (readonly IPFamily[])[]>;

/** The service's primary family and the family sets to try, best first (shared constants). */
export function familyAttempts(service: AllocService): { primary: IPFamily; attempts: readonly (readonly IPFamily[])[] } {
  const primary = service.ipFamilies[0] ?? 'IPv4';
  switch (service.ipFamilyPolicy ?? 'SingleStack') {
    case 'RequireDualStack':
      return { primary, attempts: ATTEMPTS.dual };
    case 'PreferDualStack':
      return { primary, attempts: primary === 'IPv4' ? ATTEMPTS.preferV4 : ATTEMPTS.preferV6 };
    default:
      return { primary, attempts: primary === 'IPv4' ? ATTEMPTS.v4 : ATTEMPTS.v6 };
  }
}

/** Whether a set of IPs fits the service's family policy; the reason when not. */
export function checkFamilies(service: AllocService, ips: readonly IPAddr[]): string | null {
  const { primary } = familyAttempts(service);
  const policy = service.ipFamilyPolicy ?? 'SingleStack';
  const families = ips.map((ip) => ip.family);
  if (ips.length === 0) return 'no IP given';
  if (ips.length === 2 && families[0] === families[1]) return `two ${families[0]} IPs given; one per family`;
  if (policy === 'RequireDualStack' && ips.length !== 2) {
    return 'a RequireDualStack service needs one IPv4 and one IPv6 address';
  }
  if (policy === 'SingleStack' && (ips.length !== 1 || families[0] !== primary)) {
    return `"${ips.map(formatIP).join(',')}" does not fit a SingleStack ${primary} service`;
  }
  return null;
}
