// Public face of lib/ip: IP parsing, pool address ranges and BigInt range arithmetic.
export type { IPFamily, IPAddr } from './address';
export { parseIP, formatIP, canonicalIP, ipFamilyOf, compareIP, isBuggyIPv4, familyBits } from './address';
export type { IPRange, PoolAddressError } from './range';
export {
  parsePoolAddress,
  parsePoolAddressDetailed,
  describePoolAddressError,
  rangeSize,
  rangeContains,
  rangesOverlap,
  rangeToCidrs,
  formatRange,
  ipAt,
  offsetOf,
} from './range';
