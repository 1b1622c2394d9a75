// Refused attempts in the audit log: requests denied with 403 (a viewer's change, a cross-site request
// carrying a session), failed sign-ins and the first refusal of each sign-in throttle block. Each names
// the client address; a 401 without any credential is not recorded (it says nothing about anyone).
import 'server-only';
import { insertAudit } from './audit-log';
import { identify, type Principal } from './check-request';
import { readClientAddress } from './sign-in';
import { prepareAuth } from './store';

const ANONYMOUS: Principal = { name: 'anonymous', role: 'viewer', via: 'anonymous' };

/** A 403 from the authorization check (role, origin), under the caller's name when it has one. */
export async function recordDenial(request: Request, status: number, reason: string): Promise<void> {
  const db = await prepareAuth();
  const who = identify(db, request, Date.now());
  const principal = 'message' in who ? ANONYMOUS : who;
  const path = new URL(request.url).pathname;
  insertAudit(db, { principal, action: 'denied', resource: `${request.method} ${path}`, before: null, after: { status, reason, client: readClientAddress(request) } });
}

/** A wrong password (`failed`) or a throttled sign-in (`throttled`, once per block) for `username`. */
export async function recordSignInFailure(username: string, client: string, kind: 'failed' | 'throttled', reason: string): Promise<void> {
  const db = await prepareAuth();
  insertAudit(db, { principal: ANONYMOUS, action: `signin.${kind}`, resource: `User/${username.slice(0, 64)}`, before: null, after: { client, reason } });
}
