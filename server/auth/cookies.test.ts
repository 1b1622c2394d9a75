import { describe, expect, it } from 'vitest';
import { buildClearedCookies, buildSessionCookie, isHttps, readSessionId } from './cookies';
import { toSafeNextPath } from './next-path';

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Strict, path-wide, with a lifetime, and not Secure over http', () => {
    const cookie = buildSessionCookie('abc', 3_600_000, false);
    expect(cookie).toBe('ironlb_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600');
  });

  it('is Secure with the __Host- prefix over https', () => {
    const cookie = buildSessionCookie('abc', 3_600_000, true);
    expect(cookie.startsWith('__Host-ironlb_session=abc;')).toBe(true);
    expect(cookie).toContain('; Secure');
  });

  it('is cleared under both names behind https', () => {
    expect(buildClearedCookies(true).map((c) => c.split('=')[0])).toEqual(['ironlb_session', '__Host-ironlb_session']);
  });

  it.each([
    { header: 'a=1; ironlb_session=s1; b=2', id: 's1' },
    { header: '__Host-ironlb_session=s2; ironlb_session=s1', id: 's2' },
    { header: 'xironlb_session=s3', id: undefined },
    { header: '', id: undefined },
  ])('reads the session id from "$header"', ({ header, id }) => {
    expect(readSessionId(header)).toBe(id);
  });

  it.each<{ url: string; headers: Record<string, string>; https: boolean }>([
    { url: 'http://x/', headers: {}, https: false },
    { url: 'https://x/', headers: {}, https: true },
    { url: 'http://x/', headers: { 'x-forwarded-proto': 'https' }, https: true },
    { url: 'http://x/', headers: { 'x-forwarded-proto': 'http, https' }, https: false },
  ])('https detection: $url with $headers -> $https', ({ url, headers, https }) => {
    expect(isHttps(new Request(url, { headers }))).toBe(https);
  });
});

describe('toSafeNextPath', () => {
  it.each([
    ['/services?ns=default', '/services?ns=default'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/ok\nSet-Cookie: x', '/'],
    [undefined, '/'],
  ])('%s -> %s', (input, expected) => expect(toSafeNextPath(input)).toBe(expected));
});
