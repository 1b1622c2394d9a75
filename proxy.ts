// Runs before every request (Next 16's "proxy", formerly middleware): security headers and a
// per-request CSP nonce on every response; pages without a live session redirect to /login; API
// calls without any credential get 401; cross-site changes and oversized bodies are refused early.
// Route handlers and pages still check the session themselves (authorize.ts, page.ts).
import { NextResponse, type NextRequest } from 'next/server';
import { buildCsp, buildSecurityHeaders, classifyPath, generateNonce, hasDecodablePath, isNoStorePath, MAX_REQUEST_BYTES } from './server/auth/edge-policy';
import { checkOrigin } from './server/auth/origin';
import { buildClearedCookies, isHttps, readSessionId } from './server/auth/cookies';
import { hasLiveSession } from './server/auth/session-check';

function refuse(status: number, code: string, message: string): NextResponse {
  return NextResponse.json({ code, message }, { status });
}

function checkApi(request: NextRequest, isPublic: boolean): NextResponse | undefined {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_REQUEST_BYTES) {
    return refuse(413, 'PayloadTooLarge', `request body is larger than ${MAX_REQUEST_BYTES} bytes`);
  }
  const hasBearer = request.headers.has('authorization');
  const hasSession = readSessionId(request.headers.get('cookie')) !== undefined;
  const origin = checkOrigin(request, hasBearer);
  // A cross-site change carrying a session goes on to its route, which refuses it too and records the
  // attempt in the audit log (this edge has no database); one with no credential at all stops here.
  if (!origin.ok && !(hasSession && !isPublic)) return refuse(403, 'Forbidden', origin.reason);
  if (!isPublic && !hasBearer && !hasSession) {
    return refuse(401, 'Unauthenticated', 'sign in first: no session cookie or API token');
  }
  return undefined;
}

function gate(request: NextRequest): NextResponse | undefined {
  // Next's router would throw a 500 decoding a segment like "%E0%A4%A"; answer 400 first.
  if (!hasDecodablePath(request.nextUrl.pathname)) return refuse(400, 'InvalidPath', 'the URL path has broken percent-encoding');
  const kind = classifyPath(request.nextUrl.pathname);
  if (kind === 'api' || kind === 'public-api') return checkApi(request, kind === 'public-api');
  if (kind === 'page' && !hasLiveSession(request.headers.get('cookie'))) {
    const target = request.nextUrl.clone();
    const back = request.nextUrl.pathname + request.nextUrl.search;
    target.pathname = '/login';
    target.search = back === '/' ? '' : `?next=${encodeURIComponent(back)}`;
    const response = NextResponse.redirect(target, 303);
    if (readSessionId(request.headers.get('cookie'))) {
      for (const cookie of buildClearedCookies(isHttps(request))) response.headers.append('Set-Cookie', cookie);
    }
    return response;
  }
  return undefined;
}

export function proxy(request: NextRequest): NextResponse {
  const https = isHttps(request);
  const nonce = generateNonce();
  const csp = buildCsp(nonce, { dev: process.env.NODE_ENV === 'development', https });
  const response =
    gate(request) ??
    NextResponse.next({
      request: {
        headers: withRequestHeaders(request, {
          'x-nonce': nonce,
          'content-security-policy': csp, // Next reads the nonce from here and stamps its scripts
          'x-ironlb-path': request.nextUrl.pathname + request.nextUrl.search,
        }),
      },
    });
  response.headers.set('Content-Security-Policy', csp);
  // Sign-in answers, tokens, health and metrics are never for a cache to keep.
  if (isNoStorePath(request.nextUrl.pathname)) response.headers.set('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(buildSecurityHeaders({ https }))) response.headers.set(name, value);
  return response;
}

function withRequestHeaders(request: NextRequest, extra: Record<string, string>): Headers {
  const headers = new Headers(request.headers);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return headers;
}

export const config = {
  // Everything but Next's immutable build assets, which carry no user data.
  matcher: ['/((?!_next/static|_next/image).*)'],
};
