// The session cookie: HttpOnly, SameSite=Strict, Path=/, Secure (with the __Host- prefix) when
// the dashboard is reached over https, directly or through a TLS-terminating proxy.

export const SESSION_COOKIE = 'ironlb_session';
export const SECURE_SESSION_COOKIE = '__Host-ironlb_session';

export function isHttps(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  if (forwarded) return forwarded === 'https';
  return new URL(request.url).protocol === 'https:';
}

/** One cookie's value from a Cookie header, or undefined. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The session id the browser sent, preferring the Secure cookie. */
export function readSessionId(cookieHeader: string | null): string | undefined {
  return readCookie(cookieHeader, SECURE_SESSION_COOKIE) ?? readCookie(cookieHeader, SESSION_COOKIE);
}

export function buildSessionCookie(id: string, maxAgeMs: number, secure: boolean): string {
  const name = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  const attrs = [`${name}=${id}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.floor(maxAgeMs / 1000)}`];
  if (secure) attrs.push('Secure');
  return attrs.join('; ');
}

/** Set-Cookie values that remove both cookie names. */
export function buildClearedCookies(secure: boolean): string[] {
  const cleared = [`${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`];
  if (secure) cleared.push(`${SECURE_SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure`);
  return cleared;
}
