// Sign-in: throttle check, password check, session creation. Throttles are per (user name, client) and
// per client (in this process), never per user name alone: others' failures cannot lock an account out of
// a client that has not failed. At most a few argon2 checks run at once.
import type { AuthDb } from './db';
import { FailureThrottle, type ThrottleVerdict } from './throttle';
import { createSession } from './sessions';
import { verifyCredentials, type User } from './users';
import { PASSWORD_MAX } from './passwords';
import { clientAddress, PEER_HEADER } from './client-address';
import { readEnv } from '../env';
import { err, ok, type Result } from '../../lib/result';

export type SignInError = {
  status: 400 | 401 | 429;
  code: 'Invalid' | 'Unauthenticated' | 'Throttled';
  message: string;
  retryAfterSec?: number;
  /** For the audit log: a failed guess, or the first refusal of a throttle block (later ones in the block are not recorded). */
  audit?: 'failed' | 'throttled';
};
export type SignInOk = { user: User; session: { id: string; expiresAt: number } };

const MINUTE = 60_000;
// 5 free failures per account from one client, then 30 s, 60 s, ... up to 15 min (OWASP: backoff, not a hard lockout).
const perAccountClient = new FailureThrottle({ freeFailures: 5, baseBlockMs: 30_000, maxBlockMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE, maxKeys: 10_000 });
// A client may try several user names (a shared office NAT) before it is slowed down.
const perClient = new FailureThrottle({ freeFailures: 20, baseBlockMs: 30_000, maxBlockMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE, maxKeys: 10_000 });
const MAX_CONCURRENT_CHECKS = 4; // argon2 costs ~20 MiB and tens of ms each; 2-core hosts
let inFlight = 0;

function throttled(verdict: ThrottleVerdict, what: string): SignInError | undefined {
  if (verdict.allowed) return undefined;
  const retryAfterSec = Math.ceil(verdict.retryAfterMs / 1000);
  return { status: 429, code: 'Throttled', message: `too many failed sign-ins ${what}; try again in ${retryAfterSec} s`, retryAfterSec, audit: verdict.first ? 'throttled' : undefined };
}

function checkInput(name: unknown, password: unknown): SignInError | undefined {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64) {
    return { status: 400, code: 'Invalid', message: 'username is required (at most 64 characters)' };
  }
  if (typeof password !== 'string' || password.length === 0 || password.length > PASSWORD_MAX) {
    return { status: 400, code: 'Invalid', message: `password is required (at most ${PASSWORD_MAX} characters)` };
  }
  return undefined;
}

export async function signIn(
  db: AuthDb,
  input: { username: unknown; password: unknown; address: string },
  now = Date.now(),
): Promise<Result<SignInOk, SignInError>> {
  const invalid = checkInput(input.username, input.password);
  if (invalid) return err(invalid);
  const accountKey = `${(input.username as string).toLowerCase()}\u0000${input.address}`;
  const refused =
    throttled(perAccountClient.check(accountKey, now), 'for this user from this address') ??
    throttled(perClient.check(input.address, now), 'from this address');
  if (refused) return err(refused);
  if (inFlight >= MAX_CONCURRENT_CHECKS) {
    return err({ status: 429, code: 'Throttled', message: 'too many sign-ins at once; try again in a second', retryAfterSec: 1 });
  }
  inFlight += 1;
  let user: User | undefined;
  try {
    user = await verifyCredentials(db, input.username as string, input.password as string);
  } finally {
    inFlight -= 1;
  }
  if (!user) {
    perAccountClient.recordFailure(accountKey, now);
    perClient.recordFailure(input.address, now);
    return err({ status: 401, code: 'Unauthenticated', message: 'wrong user name or password', audit: 'failed' });
  }
  perAccountClient.recordSuccess(accountKey);
  return ok({ user, session: createSession(db, user.id, now) });
}

/** The client address for throttling and the audit log (client-address.ts: the peer, or behind trusted proxies). */
export function readClientAddress(request: Request): string {
  return clientAddress(request.headers.get(PEER_HEADER), request.headers.get('x-forwarded-for'), readEnv().IRONLB_TRUSTED_PROXIES);
}
