// What proxy.ts applies to every request, as pure functions: the security headers, the CSP with
// a per-request script nonce, and which paths need a signed-in caller.

/** CSP: scripts only from us or carrying this response's nonce; no plugins, no framing. */
export function buildCsp(nonce: string, options: { dev: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    // React needs eval only in development (it rebuilds server error stacks there).
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    // Inline style *attributes* (virtualised rows, bar widths) cannot carry a nonce, and a nonce in
    // style-src would disable 'unsafe-inline'; styles cannot run code, scripts stay strict.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (options.https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

export function buildSecurityHeaders(options: { https: boolean }): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
  if (options.https) headers['Strict-Transport-Security'] = 'max-age=31536000';
  return headers;
}

export type PathClass = 'asset' | 'public-page' | 'public-api' | 'api' | 'page';

const PUBLIC_PAGES = new Set(['/login']);
// Sign-in and sign-out must work without a session; healthz is for probes and says nothing secret.
const PUBLIC_API = new Set(['/api/auth/login', '/api/auth/logout', '/api/healthz']);
const ROOT_ASSET = /^\/[\w.-]+\.(?:ico|png|svg|txt|webmanifest|jpg|jpeg|gif|webp)$/;

export function classifyPath(pathname: string): PathClass {
  if (pathname.startsWith('/_next/') || ROOT_ASSET.test(pathname)) return 'asset';
  const trimmed = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  if (trimmed === '/api' || trimmed.startsWith('/api/')) return PUBLIC_API.has(trimmed) ? 'public-api' : 'api';
  // Prometheus scrapes with an API token: answer 401, never a sign-in redirect.
  if (trimmed === '/metrics') return 'api';
  return PUBLIC_PAGES.has(trimmed) ? 'public-page' : 'page';
}

/** False when a path segment has broken percent-encoding ("%zz", "%E0%A4%A", "%C0%AF"). */
export function hasDecodablePath(pathname: string): boolean {
  try {
    for (const segment of pathname.split('/')) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** The largest request body any route accepts; routes set their own, lower, limits. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** A 128-bit random nonce, base64 (the CSP nonce grammar allows base64). */
export function generateNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Paths whose answers must never be cached: everything under /api/auth (sessions, tokens, users), health, metrics. */
export function isNoStorePath(pathname: string): boolean {
  const p = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  return p === '/api/auth' || p.startsWith('/api/auth/') || p === '/api/healthz' || p === '/metrics';
}
