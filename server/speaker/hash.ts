// The hash of the Layer2 election (sha256, as MetalLB's), for real and simulated speakers alike.
import crypto, { createHash } from 'node:crypto';
import type { HashFn } from '../../lib/election';

/** crypto.hash (one-shot, about a third faster) where this Node has it. */
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'buffer') => Buffer }).hash;
export const sha256: HashFn = oneShot
  ? (s) => oneShot('sha256', s, 'buffer')
  : (s) => createHash('sha256').update(s).digest();
