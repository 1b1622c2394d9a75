// The fuzz pass: more than 10,000 generated bad paths, query strings and bodies against every
// route of the dashboard (as nobody, as a viewer, as an admin) and against the embedded API
// server (without a token, with a wrong one, with the right one). No 5xx, no hang, every
// rejection a 4xx with a readable message, and afterwards nothing has changed.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app';
import { discoverRoutes, fillPath, MUTATING, type RouteFile } from './support/routes';
import { connectKube, type Kube } from './support/kube';
import { findChanges, takeBaseline, type Baseline } from './support/state';
import { pickParams, sampleBody } from './support/samples';
import { junkBody, junkQuery, junkSegment, runPool } from './support/fuzz-inputs';
import { readNextNotFoundPages, readStatusCounts, sendCase, type FuzzCase, type Finding } from './support/fuzz-run';
import { buildKubeCases } from './support/fuzz-kube';
import { createAndSignIn, signIn, TEST_ADMIN } from '../support/auth';

// A fixed seed keeps CI reproducible; FUZZ_SEED=<n> explores other inputs (FUZZ_SEED=random: a new one).
const SEED = process.env.FUZZ_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED ?? 20261127);
const RUNS = { anonymous: 2500, viewer: 1500, admin: 3500, kube: 4200 };
const CONCURRENCY = 8;
// Not fuzzed: the liveness probe has no input (and may say 503 under load by design); signing out
// as the viewer or the admin would end the session the fuzzer uses.
const SKIP = new Set(['GET /api/healthz', 'POST /api/auth/logout:admin', 'POST /api/auth/logout:viewer']);
const PUBLIC = new Set(['/api/auth/login', '/api/auth/logout', '/api/healthz']);

type Who = 'anonymous' | 'viewer' | 'admin';
type Target = { route: RouteFile; method: string; need: string; params: Record<string, string>; sample: unknown; readsBody: boolean };

let app: RunningApp;
let kube: Kube;
let admin: string;
let viewer: string;
const targets: Target[] = [];
let baseline: Baseline;
const findings: Finding[] = [];
let sent = 0;

function readsBody(route: RouteFile): boolean {
  return /readBody|readJsonBody/.test(readFileSync(path.join(app.appDir, route.file), 'utf8'));
}

beforeAll(async () => {
  app = await startApp();
  admin = await signIn(app.baseUrl, TEST_ADMIN.user, TEST_ADMIN.password);
  viewer = await createAndSignIn(app.baseUrl, admin, 'vic', 'viewer');
  kube = await connectKube(app.dataDir);
  const nodes = ((await (await fetch(`${app.baseUrl}/api/v1/nodes`, { headers: { cookie: admin } })).json()) as { items?: { name: string }[] }).items?.map((n) => n.name) ?? [];
  for (const route of discoverRoutes()) {
    const params = await pickParams(route, app.baseUrl, admin);
    for (const [method, need] of route.methods) {
      if (SKIP.has(`${method} ${route.pattern}`)) continue;
      targets.push({ route, method, need, params, sample: sampleBody(method, route.pattern, params, nodes), readsBody: readsBody(route) });
    }
  }
  baseline = await takeBaseline(app.baseUrl, admin, kube);
  console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} repeats this run); ${targets.length} route methods`);
}, 240_000);

afterAll(async () => {
  await app?.stop();
});

/** Which statuses are fine for this caller on this route, beyond a 4xx with a message. */
function judge(t: Target, who: Who): Pick<FuzzCase, 'allow' | 'only'> {
  const isPublic = PUBLIC.has(t.route.pattern);
  if (who === 'anonymous' && !isPublic) return { allow: [], only: [400, 401, 403, 404, 405, 413] };
  if (who === 'anonymous' && t.route.pattern === '/api/auth/logout') return { allow: [204] };
  const isWrite = MUTATING.has(t.method) && t.need !== 'read';
  if (who === 'viewer' && isWrite && !isPublic) return { allow: [], only: [400, 403, 404, 405, 413] };
  return { allow: isWrite ? [] : [200, 201, 204] };
}

function caseFor(t: Target, who: Who): fc.Arbitrary<FuzzCase> {
  const realNames = who === 'admin' && (t.method === 'PUT' || t.method === 'PATCH' || !MUTATING.has(t.method));
  const names = t.route.segments.filter((s) => s.kind !== 'static').map((s) => (s as { name: string }).name);
  const paramValues = fc.tuple(...names.map(() => junkSegment), fc.boolean());
  const cookie = who === 'admin' ? admin : who === 'viewer' ? viewer : undefined;
  return fc.tuple(paramValues, junkQuery, junkBody(t.sample)).map(([[...values], query, body]) => {
    const useReal = realNames && values[values.length - 1] === true;
    const raw = names.map((n, i) => (useReal ? encodeURIComponent(t.params[n]) : (values[i] as string)));
    const p = fillPath(t.route, (n) => raw[names.indexOf(n)], true);
    const headers: Record<string, string> = { origin: app.baseUrl };
    if (cookie) headers.cookie = cookie;
    if (body.contentType) headers['content-type'] = body.contentType;
    const sendsBody = MUTATING.has(t.method) && body.bytes !== undefined;
    return {
      label: `${who} ${body.label}`,
      method: t.method,
      url: app.baseUrl + p + query,
      headers,
      body: sendsBody ? body.bytes : undefined,
      ...judge(t, who),
    };
  });
}

function eligible(t: Target, who: Who): boolean {
  if (SKIP.has(`${t.method} ${t.route.pattern}:${who}`)) return false;
  if (who !== 'admin' || !MUTATING.has(t.method) || t.need === 'read') return true;
  // An admin's write is only "bad input" when there is input: a body to break or a name to fake.
  return t.readsBody || t.route.segments.some((s) => s.kind !== 'static');
}

function sampleCases(who: Who, runs: number, seedOffset: number): FuzzCase[] {
  const pool = targets.filter((t) => eligible(t, who));
  const arb = fc.integer({ min: 0, max: pool.length - 1 }).chain((i) => caseFor(pool[i], who));
  return fc.sample(arb, { numRuns: runs, seed: SEED + seedOffset });
}

async function fire(cases: FuzzCase[]): Promise<void> {
  await runPool(cases, CONCURRENCY, async (c) => {
    const finding = await sendCase(c);
    sent += 1;
    if (finding) findings.push(finding);
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

describe('fuzz', () => {
  it.each([
    ['anonymous', RUNS.anonymous, 1],
    ['viewer', RUNS.viewer, 2],
    ['admin', RUNS.admin, 3],
  ] as const)('dashboard routes as %s: %i generated requests', async (who, runs, offset) => {
    const before = findings.length;
    await fire(sampleCases(who, runs, offset));
    expect(findings.slice(before).slice(0, 15)).toEqual([]);
  }, 600_000);

  it(`embedded API server: ${RUNS.kube} generated requests without, with a wrong, and with its token`, async () => {
    const before = findings.length;
    await fire(buildKubeCases(kube, RUNS.kube, SEED + 4));
    expect(findings.slice(before).slice(0, 15)).toEqual([]);
  }, 600_000);

  it('the embedded API server listens on loopback only', async () => {
    const { hostname, port } = new URL(kube.url);
    expect(hostname).toBe('127.0.0.1');
    const others = Object.values(os.networkInterfaces()).flat().filter((a) => a && !a.internal).map((a) => a!.address);
    const reachable = await Promise.all(others.map((address) => canConnect(address, Number(port))));
    expect(others.filter((_, i) => reachable[i])).toEqual([]);
    expect(await canConnect('127.0.0.1', Number(port))).toBe(true);
  });

  it('sent at least 10,000 requests and nothing changed', async () => {
    console.log(`fuzz: ${sent} requests; answers by status: ${JSON.stringify(readStatusCounts())}; ${readNextNotFoundPages()} of the 404s were Next's HTML not-found page`);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(await findChanges(app.baseUrl, admin, kube, baseline)).toEqual([]);
    expect((await fetch(`${app.baseUrl}/api/healthz`)).status).toBe(200); // and it is still up
  }, 120_000);
});
