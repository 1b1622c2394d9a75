import { describe, expect, it } from 'vitest';
import { checkOrigin, isMutating } from './origin';

function request(method: string, headers: Record<string, string>, url = 'http://127.0.0.1:3000/api/v1/pools') {
  return new Request(url, { method, headers });
}

type Case = { why: string; method: string; headers: Record<string, string>; bearer: boolean; ok: boolean };

describe('checkOrigin', () => {
  const cases: Case[] = [
    { why: 'a GET needs no origin', method: 'GET', headers: { origin: 'https://evil.example' }, bearer: false, ok: true },
    { why: 'same origin passes', method: 'POST', headers: { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }, bearer: false, ok: true },
    { why: 'a foreign origin is refused', method: 'POST', headers: { origin: 'https://evil.example', host: '127.0.0.1:3000' }, bearer: false, ok: false },
    { why: 'a foreign origin is refused even with a token', method: 'DELETE', headers: { origin: 'https://evil.example' }, bearer: true, ok: false },
    { why: 'the opaque origin "null" is refused', method: 'POST', headers: { origin: 'null' }, bearer: false, ok: false },
    { why: 'same host, other port is foreign', method: 'PUT', headers: { origin: 'http://127.0.0.1:4000', host: '127.0.0.1:3000' }, bearer: false, ok: false },
    { why: 'https origin behind a TLS proxy passes', method: 'POST', headers: { origin: 'https://lb.example.org', host: 'lb.example.org', 'x-forwarded-proto': 'https' }, bearer: false, ok: true },
    { why: 'the forwarded host counts as ours', method: 'POST', headers: { origin: 'https://lb.example.org', host: '10.0.0.5:3000', 'x-forwarded-host': 'lb.example.org', 'x-forwarded-proto': 'https' }, bearer: false, ok: true },
    { why: 'Sec-Fetch-Site same-origin passes without Origin', method: 'PATCH', headers: { 'sec-fetch-site': 'same-origin' }, bearer: false, ok: true },
    { why: 'Sec-Fetch-Site cross-site is refused', method: 'PATCH', headers: { 'sec-fetch-site': 'cross-site' }, bearer: false, ok: false },
    { why: 'Sec-Fetch-Site same-site is refused (a sibling subdomain is not us)', method: 'POST', headers: { 'sec-fetch-site': 'same-site' }, bearer: false, ok: false },
    { why: 'a cookie request with neither header is refused', method: 'POST', headers: {}, bearer: false, ok: false },
    { why: 'a token request with neither header passes (scripts)', method: 'POST', headers: {}, bearer: true, ok: true },
  ];
  it.each(cases)('$why', ({ method, headers, bearer, ok }) => {
    expect(checkOrigin(request(method, headers), bearer).ok).toBe(ok);
  });

  it('names the refused origin in the reason', () => {
    const verdict = checkOrigin(request('POST', { origin: 'https://evil.example' }), false);
    expect(verdict).toEqual({ ok: false, reason: expect.stringContaining('https://evil.example') });
  });
});

describe('isMutating', () => {
  it.each([['GET', false], ['HEAD', false], ['OPTIONS', false], ['POST', true], ['put', true], ['PATCH', true], ['DELETE', true]])(
    '%s -> %s',
    (method, expected) => expect(isMutating(method as string)).toBe(expected),
  );
});
