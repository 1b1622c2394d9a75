// Admission checks for the embedded API server: the same rules as validateConfig, applied to
// one incoming object against the stored others. Returns the object to store (with defaults).
import { err, ok, type Result } from '../result';
import { applyPoolDefaults, ipAddressPoolSchema, l2AdvertisementSchema, type IPAddressPool, type L2Advertisement } from '../schemas';
import { checkAdvertisement } from './advertisement-config';
import { checkOverlaps, parsePoolAddresses, toPoolConfig, type PoolAddress } from './pool-config';
import { parseWith } from './resource-checks';

/** Addresses of the stored pools other than `exclude`; unparsable ones are skipped. */
function collectOtherAddresses(existingPools: unknown[], exclude: string): PoolAddress[] {
  const out: PoolAddress[] = [];
  for (const raw of existingPools) {
    const parsed = ipAddressPoolSchema.safeParse(raw);
    if (!parsed.success) continue;
    const name = parsed.data.metadata.name ?? '';
    if (name === exclude) continue;
    const addresses = parsePoolAddresses(name, parsed.data.spec.addresses);
    if (addresses.ok) out.push(...addresses.value);
  }
  return out;
}

export function checkPoolAdmission(
  candidate: unknown,
  existingPools: unknown[],
  systemNamespace: string,
): Result<IPAddressPool, string> {
  const parsed = parseWith(ipAddressPoolSchema, candidate);
  if (!parsed.ok) return parsed;
  const pool = applyPoolDefaults(parsed.value);
  const one = toPoolConfig(pool, systemNamespace);
  if (!one.ok) return one;
  const others = collectOtherAddresses(existingPools, one.value.config.name);
  const overlap = checkOverlaps(one.value.addresses, others);
  if (!overlap.ok) return err(overlap.error.message);
  return ok(pool);
}

export function checkL2AdvertisementAdmission(
  candidate: unknown,
  systemNamespace: string,
): Result<L2Advertisement, string> {
  const parsed = parseWith(l2AdvertisementSchema, candidate);
  if (!parsed.ok) return parsed;
  const checked = checkAdvertisement(parsed.value, systemNamespace);
  return checked.ok ? ok(parsed.value) : checked;
}
