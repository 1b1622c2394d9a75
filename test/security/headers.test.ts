// Security headers and session cookies as a browser receives them from the built app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app';
import { sameOriginHeaders, signIn, TEST_ADMIN } from '../support/auth';

let app: RunningApp;

beforeAll(async () => {
  app = await startApp();
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

function directives(csp: string): Map<string, string> {
  return new Map(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(' ')[0], d.slice(d.indexOf(' ') + 1)]));
}

describe('headers', () => {
  it.each(['/login', '/api/v1/pools', '/api/auth/login', '/'])('%s carries CSP, nosniff, no-referrer and no framing', async (path) => {
    const response = await fetch(app.baseUrl + path, { redirect: 'manual' });
    const csp = directives(response.headers.get('content-security-policy') ?? '');
    expect(csp.get('script-src')).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(csp.get('script-src')).not.toContain('unsafe-inline');
    expect(csp.get('script-src')).not.toContain('unsafe-eval');
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it("stamps every script of the sign-in page with this response's nonce", async () => {
    const response = await fetch(`${app.baseUrl}/login`);
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((s) => !s.includes(`nonce="${nonce}"`))).toEqual([]);
  });

  it('gives each response a fresh nonce', async () => {
    const a = (await fetch(`${app.baseUrl}/login`)).headers.get('content-security-policy');
    const b = (await fetch(`${app.baseUrl}/login`)).headers.get('content-security-policy');
    expect(a).not.toBe(b);
  });
});

describe('pages without a session', () => {
  it.each([
    ['/', '/login'],
    ['/audit?actor=x', '/login?next=%2Faudit%3Factor%3Dx'],
  ])('%s redirects to %s', async (path, target) => {
    const response = await fetch(app.baseUrl + path, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get('location')!, app.baseUrl).pathname + new URL(response.headers.get('location')!, app.baseUrl).search).toBe(target);
  });

  it('an expired or forged session cookie also ends on the sign-in page', async () => {
    const response = await fetch(`${app.baseUrl}/audit`, { headers: { cookie: 'ironlb_session=forged' }, redirect: 'manual' });
    expect([303, 307]).toContain(response.status);
    expect(response.headers.get('location')).toContain('/login');
  });
});

describe('session cookie', () => {
  async function login(extra: Record<string, string> = {}) {
    return fetch(`${app.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.baseUrl, ...extra },
      body: JSON.stringify({ username: TEST_ADMIN.user, password: TEST_ADMIN.password }),
    });
  }

  it('is HttpOnly, SameSite=Strict, with an expiry, and not readable as Secure over http', async () => {
    const cookie = (await login()).headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^ironlb_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toMatch(/Max-Age=\d+/);
    expect(cookie).not.toContain('Secure');
  });

  it('is Secure with the __Host- prefix behind an https proxy', async () => {
    const cookie = (await login({ 'x-forwarded-proto': 'https', origin: app.baseUrl.replace('http:', 'https:') })).headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-ironlb_session=/);
    expect(cookie).toContain('; Secure');
  });

  it('is refused when the sign-in comes from another site', async () => {
    const response = await login({ origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('stops working after sign-out', async () => {
    const cookie = await signIn(app.baseUrl, TEST_ADMIN.user, TEST_ADMIN.password);
    expect((await fetch(`${app.baseUrl}/api/auth/session`, { headers: { cookie } })).status).toBe(200);
    const out = await fetch(`${app.baseUrl}/api/auth/logout`, { method: 'POST', headers: sameOriginHeaders(app.baseUrl, cookie) });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await fetch(`${app.baseUrl}/api/auth/session`, { headers: { cookie } })).status).toBe(401);
  });
});
