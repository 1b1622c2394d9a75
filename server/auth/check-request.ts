// The authorization decision for one request: who is calling (API token or session cookie),
// is a change coming from our own origin, and does the role allow it. No Next imports here.
import type { AuthDb } from './db';
import { checkOrigin } from './origin';
import { readSessionId } from './cookies';
import { resolveSession } from './sessions';
import { resolveToken } from './tokens';

export type Need = 'read' | 'write' | 'admin';

export type Principal = { name: string; role: 'admin' | 'viewer'; via: 'session' | 'token' | 'cli' | 'anonymous' | 'kubeconfig' };

export type Authorization = { ok: true; principal: Principal } | { ok: false; status: 401 | 403; message: string };

/** The caller as named by a bearer token or a session cookie, or a reason for 401. */
export function identify(db: AuthDb, request: Request, now: number): Principal | { message: string } {
  const header = request.headers.get('authorization');
  if (header !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return { message: 'Authorization header must be "Bearer <token>"' };
    const token = resolveToken(db, match[1], now);
    if (!token) return { message: 'API token is unknown, revoked or expired' };
    return { name: token.name, role: token.role, via: 'token' };
  }
  const sessionId = readSessionId(request.headers.get('cookie'));
  if (!sessionId) return { message: 'sign in first: no session cookie or API token' };
  const session = resolveSession(db, sessionId, now);
  if (!session) return { message: 'session expired or signed out: sign in again' };
  return { name: session.name, role: session.role, via: 'session' };
}

/** Why the role is not enough for the need, or undefined when it is. */
export function checkRole(role: Principal['role'], need: Need): string | undefined {
  if (need === 'read' || role === 'admin') return undefined;
  return need === 'write'
    ? 'read-only user: changes need the admin role'
    : 'this needs the admin role';
}

export function authorizeRequest(db: AuthDb, request: Request, need: Need, now = Date.now()): Authorization {
  // Refuse a forged cross-site change before touching the database.
  const hasBearer = request.headers.has('authorization');
  const origin = checkOrigin(request, hasBearer);
  if (!origin.ok) return { ok: false, status: 403, message: origin.reason };
  const who = identify(db, request, now);
  if ('message' in who) return { ok: false, status: 401, message: who.message };
  const denied = checkRole(who.role, need);
  if (denied) return { ok: false, status: 403, message: denied };
  return { ok: true, principal: who };
}
