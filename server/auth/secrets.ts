// Random bearer secrets (session ids, API tokens) and their digests: only digests are stored.
import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe, with an optional readable prefix. */
export function generateSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** sha256 is enough for 256-bit random secrets: there is nothing to brute-force. */
export function digestSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
