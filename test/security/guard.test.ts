// Every route checks the caller: discovered from app/api on disk, so later routes are covered.
// Each mutating route: 401 without a session, 403 for a viewer (unless it only computes), 403 from
// a foreign Origin or without one, and nothing in the cluster, audit log or accounts changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app';
import { discoverRoutes, fillPath, MUTATING, type Need, type RouteFile } from './support/routes';
import { connectKube, type Kube } from './support/kube';
import { findChanges, takeBaseline, type Baseline } from './support/state';
import { pickParams, sampleBody } from './support/samples';
import { createAndSignIn, sameOriginHeaders, signIn, TEST_ADMIN } from '../support/auth';

// Routes that must work without a session: signing in and out, and the liveness probe.
const PUBLIC = new Set(['/api/auth/login', '/api/auth/logout', '/api/healthz']);
const routes = discoverRoutes();
const guarded = routes.filter((r) => !PUBLIC.has(r.pattern));
type Target = { route: RouteFile; method: string; need: Need };
const writes: Target[] = guarded.flatMap((route) =>
  [...route.methods].filter(([m]) => MUTATING.has(m)).map(([method, need]) => ({ route, method, need })),
);
const reads: Target[] = guarded.flatMap((route) =>
  [...route.methods].filter(([m]) => !MUTATING.has(m)).map(([method, need]) => ({ route, method, need })),
);

let app: RunningApp;
let kube: Kube;
let admin: string;
let viewer: string;
let viewerToken: string;
let adminToken: string;
let nodes: string[] = [];

async function makeToken(cookie: string): Promise<string> {
  const response = await fetch(`${app.baseUrl}/api/auth/tokens`, {
    method: 'POST',
    headers: sameOriginHeaders(app.baseUrl, cookie),
    body: JSON.stringify({ name: 'guard test' }),
  });
  return ((await response.json()) as { token: string }).token;
}

beforeAll(async () => {
  app = await startApp();
  admin = await signIn(app.baseUrl, TEST_ADMIN.user, TEST_ADMIN.password);
  viewer = await createAndSignIn(app.baseUrl, admin, 'vera', 'viewer');
  viewerToken = await makeToken(viewer);
  adminToken = await makeToken(admin);
  kube = await connectKube(app.dataDir);
  const list = (await (await fetch(`${app.baseUrl}/api/v1/nodes`, { headers: { cookie: admin } })).json()) as { items?: { name: string }[] };
  nodes = (list.items ?? []).map((n) => n.name);
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

describe('route discovery', () => {
  it('finds the dashboard API and every handler declares who may call it', () => {
    expect(writes.length).toBeGreaterThan(0);
    const unguarded = guarded.flatMap((r) =>
      [...r.methods].filter(([, need]) => need === 'custom').map(([m]) => `${m} ${r.pattern} (${r.file}) does not use withAuth()`),
    );
    expect(unguarded).toEqual([]);
  });
});

type Attempt = { who: string; headers: Record<string, string>; expect: number };

function attemptsFor(t: Target, origin: string): Attempt[] {
  const json = { 'content-type': 'application/json' };
  const list: Attempt[] = [
    { who: 'no session', headers: { ...json, origin }, expect: 401 },
    { who: 'a forged session cookie', headers: { ...json, origin, cookie: 'ironlb_session=forged' }, expect: 401 },
    { who: 'an admin from a foreign Origin', headers: { ...json, cookie: admin, origin: 'https://evil.example' }, expect: 403 },
    { who: 'an admin with Origin "null"', headers: { ...json, cookie: admin, origin: 'null' }, expect: 403 },
    { who: 'an admin cross-site without Origin', headers: { ...json, cookie: admin, 'sec-fetch-site': 'cross-site' }, expect: 403 },
    { who: 'an admin cookie without Origin', headers: { ...json, cookie: admin }, expect: 403 },
    { who: 'an admin token from a foreign Origin', headers: { ...json, authorization: `Bearer ${adminToken}`, origin: 'https://evil.example' }, expect: 403 },
  ];
  if (t.need !== 'read') {
    list.push({ who: 'a viewer', headers: { ...json, cookie: viewer, origin }, expect: 403 });
    list.push({ who: "a viewer's API token", headers: { ...json, authorization: `Bearer ${viewerToken}` }, expect: 403 });
  }
  return list;
}

describe('every mutating route refuses', () => {
  let baseline: Baseline;
  const outcomes: string[] = [];

  beforeAll(async () => {
    baseline = await takeBaseline(app.baseUrl, admin, kube);
  }, 60_000);

  it.each(writes.map((t) => ({ ...t, name: `${t.method} ${t.route.pattern}` })))('$name', async (t) => {
    const params = await pickParams(t.route, app.baseUrl, admin);
    const url = app.baseUrl + fillPath(t.route, (n) => params[n]) + (t.method === 'DELETE' ? '?confirm=true' : '');
    const body = t.method === 'DELETE' ? undefined : JSON.stringify(sampleBody(t.method, t.route.pattern, params, nodes));
    for (const attempt of attemptsFor(t, app.baseUrl)) {
      const response = await fetch(url, { method: t.method, headers: attempt.headers, body });
      const payload = (await response.json().catch(() => ({}))) as { message?: string };
      outcomes.push(`${t.method} ${t.route.pattern} as ${attempt.who}: ${response.status}`);
      expect(`${attempt.who}: ${response.status}`).toBe(`${attempt.who}: ${attempt.expect}`);
      expect(payload.message?.length ?? 0).toBeGreaterThan(10);
    }
  });

  it('and nothing changed: cluster objects, audit log, accounts', async () => {
    expect(outcomes.length).toBeGreaterThan(writes.length * 6);
    expect(await findChanges(app.baseUrl, admin, kube, baseline)).toEqual([]);
  });
});

describe('every read needs a session', () => {
  it.each(reads.map((t) => ({ ...t, name: `${t.method} ${t.route.pattern}` })))('$name: 401 anonymous, 403 viewer on admin routes', async (t) => {
    const url = app.baseUrl + fillPath(t.route, (n) => `sec-probe-${n}`);
    const anonymous = await fetch(url, { method: t.method, signal: AbortSignal.timeout(10_000) });
    expect(anonymous.status).toBe(401);
    if (t.need === 'admin') {
      const asViewer = await fetch(url, { method: t.method, headers: { cookie: viewer }, signal: AbortSignal.timeout(10_000) });
      expect(asViewer.status).toBe(403);
    }
  });
});
