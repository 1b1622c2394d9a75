// Sign-in: throttle check, password check, session creation. Throttles are per user name and per
// client address (in this process), and at most a few argon2 checks run at once.
import type { AuthDb } from './db';
import { FailureThrottle, type ThrottleVerdict } from './throttle';
import { createSession } from './sessions';
import { verifyCredentials, type User } from './users';
import { PASSWORD_MAX } from './passwords';
import { err, ok, type Result } from '../../lib/result';

export type SignInError = {
  status: 400 | 401 | 429;
  code: 'Invalid' | 'Unauthenticated' | 'Throttled';
  message: string;
  retryAfterSec?: number;
};
export type SignInOk = { user: User; session: { id: string; expiresAt: number } };

const MINUTE = 60_000;
// 5 free failures per user, then 30 s, 60 s, ... up to 15 min (OWASP suggests lockout with backoff).
const perUser = new FailureThrottle({ freeFailures: 5, baseBlockMs: 30_000, maxBlockMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE, maxKeys: 10_000 });
// An address may try several user names (a shared office NAT) before it is slowed down.
const perAddress = new FailureThrottle({ freeFailures: 20, baseBlockMs: 30_000, maxBlockMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE, maxKeys: 10_000 });
const MAX_CONCURRENT_CHECKS = 4; // argon2 costs ~20 MiB and tens of ms each; 2-core hosts
let inFlight = 0;

function throttled(verdict: ThrottleVerdict, what: string): SignInError | undefined {
  if (verdict.allowed) return undefined;
  const retryAfterSec = Math.ceil(verdict.retryAfterMs / 1000);
  return { status: 429, code: 'Throttled', message: `too many failed sign-ins ${what}; try again in ${retryAfterSec} s`, retryAfterSec };
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
  const userKey = (input.username as string).toLowerCase();
  const refused =
    throttled(perUser.check(userKey, now), 'for this user') ??
    throttled(perAddress.check(input.address, now), 'from this address');
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
    perUser.recordFailure(userKey, now);
    perAddress.recordFailure(input.address, now);
    return err({ status: 401, code: 'Unauthenticated', message: 'wrong user name or password' });
  }
  perUser.recordSuccess(userKey);
  return ok({ user, session: createSession(db, user.id, now) });
}

/** The client address for throttling: the last X-Forwarded-For hop (Next fills it from the socket). */
export function readClientAddress(request: Request): string {
  const hops = request.headers.get('x-forwarded-for')?.split(',') ?? [];
  const last = hops[hops.length - 1]?.trim();
  return last ? last.slice(0, 64) : 'unknown';
}
