// The audit log records every successful write through the dashboard: who, when, what, and the
// object before and after with the difference; failed writes leave no entry; only admins read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startApp, type RunningApp } from './support/app';
import { createAndSignIn, sameOriginHeaders, signIn, TEST_ADMIN } from '../support/auth';

type Entry = { id: number; at: number; actor: string; via: string; action: string; resource: string; before: unknown; after: unknown; diff: { op: string; path: string; value?: unknown }[] };

let app: RunningApp;
let admin: string;
let viewer: string;

beforeAll(async () => {
  app = await startApp();
  admin = await signIn(app.baseUrl, TEST_ADMIN.user, TEST_ADMIN.password);
  viewer = await createAndSignIn(app.baseUrl, admin, 'val', 'viewer');
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

async function audit(query = ''): Promise<Entry[]> {
  const response = await fetch(`${app.baseUrl}/api/v1/audit${query}`, { headers: { cookie: admin } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Entry[] }).items;
}

async function write(method: string, p: string, body?: unknown) {
  const response = await fetch(app.baseUrl + p, { method, headers: sameOriginHeaders(app.baseUrl, admin), body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, text: await response.text() };
}

const routeExists = (p: string) => existsSync(path.join(app.appDir, 'app', p, 'route.ts'));
const pool = (addresses: string[]) => ({ name: 'audit-pool', addresses, autoAssign: true, avoidBuggyIPs: false });

describe('audit log', () => {
  it('is admin-only: 403 for a viewer, 401 for nobody', async () => {
    expect((await fetch(`${app.baseUrl}/api/v1/audit`, { headers: { cookie: viewer } })).status).toBe(403);
    expect((await fetch(`${app.baseUrl}/api/v1/audit`)).status).toBe(401);
  });

  it('records a pool create, update and delete with the object before and after and the diff', async () => {
    expect(routeExists('api/v1/pools') && routeExists('api/v1/pools/[name]')).toBe(true);
    const start = (await audit('?limit=1'))[0]?.id ?? 0;

    expect((await write('POST', '/api/v1/pools', pool(['192.0.2.0/30']))).status).toBe(201);
    expect((await write('PUT', '/api/v1/pools/audit-pool', pool(['192.0.2.0/30', '192.0.2.8/30']))).status).toBe(200);
    expect((await write('DELETE', '/api/v1/pools/audit-pool?confirm=true')).status).toBeLessThan(300);

    const entries = (await audit('?resource=IPAddressPool/audit-pool')).filter((e) => e.id > start).reverse();
    expect(entries.map((e) => `${e.actor} ${e.action}`)).toEqual(['admin create', 'admin update', 'admin delete']);
    const [created, updated, deleted] = entries;
    expect(created.before).toBeNull();
    expect(JSON.stringify(created.after)).toContain('192.0.2.0/30');
    expect(created.diff.length).toBeGreaterThan(0);
    // "before" is the object as it was just before the update: the created pool, not null or stale.
    expect(JSON.stringify(updated.before), 'audit "before" of the update').toContain('192.0.2.0/30');
    expect(JSON.stringify(updated.before)).not.toContain('192.0.2.8/30');
    expect(JSON.stringify(updated.after)).toContain('192.0.2.8/30');
    expect(updated.diff).toContainEqual(expect.objectContaining({ path: expect.stringMatching(/addresses/), value: expect.stringContaining('192.0.2.8/30') }));
    expect(JSON.stringify(deleted.before)).toContain('192.0.2.8/30');
    expect(deleted.after).toBeNull();
    for (const e of entries) expect(e.at).toBeGreaterThan(Date.now() - 120_000);
  });

  it("records a node exclusion with each node's labels before and after", async () => {
    const start = (await audit('?limit=1'))[0]?.id ?? 0;
    const nodes = (await (await fetch(`${app.baseUrl}/api/v1/nodes`, { headers: { cookie: admin } })).json()) as { items: { name: string }[] };
    const node = nodes.items[0].name;
    const label = 'node.kubernetes.io/exclude-from-external-load-balancers';
    expect((await write('POST', '/api/v1/nodes/exclusions', { nodes: [node], excluded: true })).status).toBe(200);
    expect((await write('POST', '/api/v1/nodes/exclusions', { nodes: [node], excluded: false })).status).toBe(200);
    const [lifted, excluded] = (await audit(`?resource=Node/${node}`)).filter((e) => e.id > start);
    const labels = (e: Entry, side: 'before' | 'after') => ((e[side] as { labels: Record<string, Record<string, string>> }).labels[node] ?? {})[label];
    expect([labels(excluded, 'before'), labels(excluded, 'after')]).toEqual([undefined, 'true']);
    expect([labels(lifted, 'before'), labels(lifted, 'after')]).toEqual(['true', undefined]);
    expect(excluded.diff).toContainEqual(expect.objectContaining({ op: 'add', value: 'true' }));
  });

  it('records account changes made through the dashboard', async () => {
    expect((await write('POST', '/api/auth/users', { name: 'audited', role: 'viewer', password: 'audited-password' })).status).toBe(201);
    expect((await write('PATCH', '/api/auth/users/audited', { role: 'admin' })).status).toBe(200);
    const [update, create] = await audit('?resource=User/audited');
    expect(create).toMatchObject({ action: 'create', actor: 'admin', before: null });
    expect(update).toMatchObject({ action: 'update', before: { role: 'viewer' }, after: { role: 'admin' } });
    expect(update.diff).toContainEqual({ op: 'replace', path: '/role', value: 'admin' });
  });

  it('records nothing for a write that failed', async () => {
    const start = (await audit('?limit=1'))[0]?.id ?? 0;
    expect((await write('POST', '/api/v1/pools', { name: 'Bad Name!', addresses: ['not-an-ip'], autoAssign: true, avoidBuggyIPs: false })).status).toBe(422);
    expect((await write('PATCH', '/api/auth/users/nobody', { role: 'admin' })).status).toBe(404);
    expect((await audit('?limit=1'))[0]?.id ?? 0).toBe(start);
  });

  it('shows entries on the Audit page for an admin and refuses it to a viewer', async () => {
    const asAdmin = await (await fetch(`${app.baseUrl}/audit?resource=User%2Faudited`, { headers: { cookie: admin } })).text();
    expect(asAdmin).toContain('User/audited');
    const asViewer = await (await fetch(`${app.baseUrl}/audit`, { headers: { cookie: viewer } })).text();
    expect(asViewer).toContain('Only admins');
    expect(asViewer).not.toContain('User/audited');
  });

  it('rejects bad audit queries with a message', async () => {
    const response = await fetch(`${app.baseUrl}/api/v1/audit?limit=100000`, { headers: { cookie: admin } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('limit');
  });
});
