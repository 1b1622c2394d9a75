// POST /api/auth/login {username, password}: starts a session (HttpOnly cookie) or says why not.
import 'server-only';
import { readJsonBody, jsonError } from '@/server/auth/http';
import { parseOr422, signInSchema } from '@/server/auth/schemas';
import { readClientAddress, signIn } from '@/server/auth/sign-in';
import { buildSessionCookie, isHttps } from '@/server/auth/cookies';
import { checkOrigin } from '@/server/auth/origin';
import { SESSION_MAX_AGE_MS } from '@/server/auth/sessions';
import { prepareAuth } from '@/server/auth/store';
import { recordAudit } from '@/server/history/audit';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const origin = checkOrigin(request, false); // a forged cross-site sign-in is refused too
  if (!origin.ok) return jsonError(403, 'Forbidden', origin.reason);
  const body = await readJsonBody(request, 4096);
  if (!body.ok) return body.response;
  const input = parseOr422(signInSchema, body.value);
  if (!input.ok) return input.response;
  const db = await prepareAuth();
  const result = await signIn(db, { ...input.value, address: readClientAddress(request) });
  if (!result.ok) {
    const { status, code, message, retryAfterSec } = result.error;
    return jsonError(status, code, message, undefined, retryAfterSec ? { 'Retry-After': String(retryAfterSec) } : undefined);
  }
  const { user, session } = result.value;
  const principal = { name: user.name, role: user.role, via: 'session' as const };
  recordAudit({ principal, action: 'signin', resource: `Session/${user.name}`, before: null, after: null });
  return Response.json(
    { name: user.name, role: user.role, expiresAt: session.expiresAt },
    { headers: { 'Set-Cookie': buildSessionCookie(session.id, SESSION_MAX_AGE_MS, isHttps(request)), 'Cache-Control': 'no-store' } },
  );
}
