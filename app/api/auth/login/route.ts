// POST /api/auth/login {username, password}: starts a session (HttpOnly cookie) or says why not.
// JSON for the sign-in page's script; a plain form post (no JavaScript) gets 303 redirects.
import 'server-only';
import { readJsonBody, jsonError } from '@/server/http/json';
import { parseOr422, signInSchema } from '@/server/auth/schemas';
import { readClientAddress, signIn } from '@/server/auth/sign-in';
import { buildSessionCookie, isHttps } from '@/server/auth/cookies';
import { checkOrigin } from '@/server/auth/origin';
import { SESSION_MAX_AGE_MS } from '@/server/auth/sessions';
import { prepareAuth } from '@/server/auth/store';
import { toSafeNextPath } from '@/server/auth/next-path';
import { readFormBody } from '@/server/auth/form-body';
import { recordAudit } from '@/server/auth/audit';
import { recordDenial, recordSignInFailure } from '@/server/auth/denials';
import { loginErrorCode } from '@/server/auth/login-errors';

export const dynamic = 'force-dynamic';

type Answer = { status: number; code: string; message: string; retryAfterSec?: number; cookie?: string; user?: { name: string; role: string; expiresAt: number } };

async function attempt(request: Request, body: unknown): Promise<Answer> {
  const input = parseOr422(signInSchema, body);
  if (!input.ok) return { status: 422, code: 'Invalid', message: 'user name and password are required' };
  const db = await prepareAuth();
  const client = readClientAddress(request);
  const result = await signIn(db, { ...input.value, address: client });
  if (!result.ok) {
    if (result.error.audit) await recordSignInFailure(input.value.username, client, result.error.audit, result.error.message);
    return result.error;
  }
  const { user, session } = result.value;
  recordAudit({ principal: { name: user.name, role: user.role, via: 'session' }, action: 'signin', resource: `Session/${user.name}`, before: null, after: null });
  return {
    status: 200,
    code: 'OK',
    message: 'signed in',
    cookie: buildSessionCookie(session.id, SESSION_MAX_AGE_MS, isHttps(request)),
    user: { name: user.name, role: user.role, expiresAt: session.expiresAt },
  };
}

function isFormPost(request: Request): boolean {
  return (request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

async function answerForm(request: Request): Promise<Response> {
  const next = toSafeNextPath(new URL(request.url).searchParams.get('next'));
  const form = await readFormBody(request, 4096);
  const result = form.ok ? await attempt(request, { username: form.value.get('username'), password: form.value.get('password') }) : undefined;
  const headers = new Headers({ 'Cache-Control': 'no-store' });
  if (result?.cookie) {
    headers.set('Set-Cookie', result.cookie);
    headers.set('Location', next);
  } else {
    // A code, never text: /login shows only the messages it knows (login-errors.ts).
    headers.set('Location', `/login?next=${encodeURIComponent(next)}&error=${loginErrorCode(result?.status)}`);
  }
  return new Response(null, { status: 303, headers });
}

export async function POST(request: Request): Promise<Response> {
  const origin = checkOrigin(request, false); // a forged cross-site sign-in is refused too
  if (!origin.ok) {
    await recordDenial(request, 403, origin.reason);
    return jsonError(403, 'Forbidden', origin.reason);
  }
  if (isFormPost(request)) return answerForm(request);
  const body = await readJsonBody(request, 4096);
  if (!body.ok) return body.response;
  const result = await attempt(request, body.value);
  if (!result.cookie || !result.user) {
    const headers = result.retryAfterSec ? { 'Retry-After': String(result.retryAfterSec) } : undefined;
    return jsonError(result.status, result.code, result.message, undefined, headers);
  }
  return Response.json(result.user, { headers: { 'Set-Cookie': result.cookie, 'Cache-Control': 'no-store' } });
}
