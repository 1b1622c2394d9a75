// Cross-site request refusal: a mutating request must come from the dashboard's own origin.
// Pure (headers in, reason out) so proxy.ts, route handlers and tests share it.

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isMutating(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

function firstValue(header: string | null): string | undefined {
  const value = header?.split(',')[0]?.trim();
  return value ? value : undefined;
}

/**
 * Every origin this request may legitimately come from: its scheme (as seen here or as told by a
 * TLS-terminating proxy) with its Host (or the forwarded host). A cross-site browser request
 * cannot set these headers without a CORS preflight, which this app never grants.
 */
export function ownOrigins(request: Request): Set<string> {
  const url = new URL(request.url);
  const schemes = new Set([url.protocol.replace(':', '')]);
  const forwardedProto = firstValue(request.headers.get('x-forwarded-proto'));
  if (forwardedProto === 'http' || forwardedProto === 'https') schemes.add(forwardedProto);
  const hosts = new Set([url.host]);
  for (const name of ['host', 'x-forwarded-host']) {
    const host = firstValue(request.headers.get(name));
    if (host) hosts.add(host.toLowerCase());
  }
  const origins = new Set<string>();
  for (const scheme of schemes) for (const host of hosts) origins.add(normalizeOrigin(`${scheme}://${host}`));
  return origins;
}

function normalizeOrigin(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return value;
  }
}

/**
 * Mutating requests need Origin (or Sec-Fetch-Site) naming this app. Scripts with a bearer token
 * send neither and are allowed (allowMissing): without a cookie there is nothing to forge.
 */
export function checkOrigin(request: Request, allowMissing: boolean): OriginVerdict {
  if (!isMutating(request.method)) return { ok: true };
  const origin = request.headers.get('origin');
  if (origin !== null) {
    if (ownOrigins(request).has(normalizeOrigin(origin))) return { ok: true };
    return { ok: false, reason: `cross-origin request refused: Origin "${origin.slice(0, 200)}" is not this dashboard` };
  }
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) {
    if (site === 'same-origin') return { ok: true };
    return { ok: false, reason: `cross-origin request refused: Sec-Fetch-Site is "${site.slice(0, 40)}"` };
  }
  if (allowMissing) return { ok: true };
  return {
    ok: false,
    reason: 'cross-origin check failed: a signed-in change must carry an Origin header (scripts use an API token)',
  };
}
