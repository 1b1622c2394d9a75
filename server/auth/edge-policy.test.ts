import { describe, expect, it } from 'vitest';
import { buildCsp, buildSecurityHeaders, classifyPath, generateNonce, hasDecodablePath } from './edge-policy';

describe('CSP', () => {
  const csp = buildCsp('bm9uY2U=', { dev: false, https: false });

  it('allows scripts only from us or with the nonce, never inline or eval in production', () => {
    const scripts = csp.split('; ').find((d) => d.startsWith('script-src'))!;
    expect(scripts).toContain("'nonce-bm9uY2U='");
    expect(scripts).not.toContain('unsafe-inline');
    expect(scripts).not.toContain('unsafe-eval');
  });

  it("forbids framing, plugins and foreign form targets", () => {
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("form-action 'self'");
  });

  it('upgrades insecure requests only when served over https', () => {
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(buildCsp('n', { dev: false, https: true })).toContain('upgrade-insecure-requests');
  });

  it('fresh nonces differ', () => {
    expect(generateNonce()).not.toBe(generateNonce());
  });
});

describe('security headers', () => {
  it('always sends nosniff, no-referrer and DENY framing; HSTS only over https', () => {
    const plain = buildSecurityHeaders({ https: false });
    expect(plain['X-Content-Type-Options']).toBe('nosniff');
    expect(plain['Referrer-Policy']).toBe('no-referrer');
    expect(plain['X-Frame-Options']).toBe('DENY');
    expect(plain['Strict-Transport-Security']).toBeUndefined();
    expect(buildSecurityHeaders({ https: true })['Strict-Transport-Security']).toMatch(/max-age=\d+/);
  });
});

describe('classifyPath', () => {
  it.each([
    ['/_next/static/chunks/a.js', 'asset'],
    ['/favicon.ico', 'asset'],
    ['/login', 'public-page'],
    ['/login/', 'public-page'],
    ['/', 'page'],
    ['/services/default/my.svc', 'page'],
    ['/api/auth/login', 'public-api'],
    ['/api/healthz', 'public-api'],
    ['/api/v1/pools', 'api'],
    ['/api', 'api'],
    ['/apiary', 'page'],
  ])('%s is %s', (path, kind) => expect(classifyPath(path)).toBe(kind));
});

describe('hasDecodablePath', () => {
  it.each([
    ['/api/v1/pools/my-pool', true],
    ['/api/v1/pools/caf%C3%A9', true],
    ['/api/v1/pools/%2F', true],
    ['/api/v1/pools/%zz', false],
    ['/api/v1/pools/%E0%A4%A', false],
    ['/api/v1/pools/%C0%AF', false],
    ['/api/v1/pools/%', false],
  ])('%s -> %s', (path, ok) => expect(hasDecodablePath(path)).toBe(ok));
});
