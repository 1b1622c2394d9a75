import { describe, expect, it } from 'vitest';
import { openTestDb } from './test-db';
import { createUser } from './users';
import { createSession } from './sessions';
import { createToken } from './tokens';
import { authorizeRequest, type Need } from './check-request';

const ORIGIN = 'http://127.0.0.1:3000';

async function setup() {
  const db = openTestDb();
  const admin = await createUser(db, { name: 'root', role: 'admin', password: 'longenough' });
  const viewer = await createUser(db, { name: 'vic', role: 'viewer', password: 'longenough' });
  if (!admin.ok || !viewer.ok) throw new Error('setup');
  const adminCookie = `ironlb_session=${createSession(db, admin.value.id).id}`;
  const viewerCookie = `ironlb_session=${createSession(db, viewer.value.id).id}`;
  const made = createToken(db, viewer.value.id, { name: 'ci' });
  if (!made.ok) throw new Error('setup');
  return { db, adminCookie, viewerCookie, viewerToken: made.value.token };
}

type Case = { why: string; method: string; need: Need; headers: (s: Awaited<ReturnType<typeof setup>>) => Record<string, string>; status: number };

const cases: Case[] = [
  { why: 'no credential', method: 'GET', need: 'read', headers: () => ({}), status: 401 },
  { why: 'an unknown session', method: 'GET', need: 'read', headers: () => ({ cookie: 'ironlb_session=nope' }), status: 401 },
  { why: 'a malformed Authorization header', method: 'GET', need: 'read', headers: () => ({ authorization: 'Basic abc' }), status: 401 },
  { why: 'an unknown token', method: 'GET', need: 'read', headers: () => ({ authorization: 'Bearer ilb_unknown' }), status: 401 },
  { why: 'a viewer reading', method: 'GET', need: 'read', headers: (s) => ({ cookie: s.viewerCookie }), status: 200 },
  { why: 'a viewer writing', method: 'POST', need: 'write', headers: (s) => ({ cookie: s.viewerCookie, origin: ORIGIN }), status: 403 },
  { why: 'a viewer token writing', method: 'DELETE', need: 'write', headers: (s) => ({ authorization: `Bearer ${s.viewerToken}` }), status: 403 },
  { why: 'a viewer token reading, no Origin', method: 'GET', need: 'read', headers: (s) => ({ authorization: `Bearer ${s.viewerToken}` }), status: 200 },
  { why: 'a viewer on an admin page', method: 'GET', need: 'admin', headers: (s) => ({ cookie: s.viewerCookie }), status: 403 },
  { why: 'an admin writing from our origin', method: 'POST', need: 'write', headers: (s) => ({ cookie: s.adminCookie, origin: ORIGIN }), status: 200 },
  { why: 'an admin writing from a foreign origin', method: 'POST', need: 'write', headers: (s) => ({ cookie: s.adminCookie, origin: 'https://evil.example' }), status: 403 },
  { why: 'an admin cookie change without Origin', method: 'PUT', need: 'write', headers: (s) => ({ cookie: s.adminCookie }), status: 403 },
  { why: 'a foreign origin without any session', method: 'POST', need: 'write', headers: () => ({ origin: 'https://evil.example' }), status: 403 },
];

describe('authorizeRequest', () => {
  it.each(cases)('$why -> $status', async ({ method, need, headers, status }) => {
    const s = await setup();
    const request = new Request(`${ORIGIN}/api/v1/pools`, { method, headers: { host: '127.0.0.1:3000', ...headers(s) } });
    const verdict = authorizeRequest(s.db, request, need);
    expect(verdict.ok ? 200 : verdict.status).toBe(status);
    if (!verdict.ok) expect(verdict.message.length).toBeGreaterThan(10);
  });

  it('names the caller and how it signed in', async () => {
    const s = await setup();
    const request = new Request(`${ORIGIN}/x`, { headers: { authorization: `Bearer ${s.viewerToken}` } });
    expect(authorizeRequest(s.db, request, 'read')).toEqual({ ok: true, principal: { name: 'vic', role: 'viewer', via: 'token' } });
  });
});
