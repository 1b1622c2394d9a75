// The dashboard as an attacker and an auditor find it: forged X-Forwarded-For buys nothing, another
// client's guesses never lock an account out, refused attempts and kubectl's writes through the embedded
// cluster's kubeconfig are in the audit log (and the strict-ARP fix only when it changed something),
// nothing secret is cacheable, /api/healthz says only whether it lives, /login?error= prints only known
// messages, and connections that send nothing are closed.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app';
import { createAndSignIn, sameOriginHeaders, signIn, TEST_ADMIN } from '../support/auth';

type Entry = { id: number; actor: string; via: string; action: string; resource: string; before: unknown; after: unknown; diff: { op: string; path: string; value?: unknown }[] };

let app: RunningApp;
let admin: string;
let viewer: string;

beforeAll(async () => {
  app = await startApp();
  admin = await signIn(app.baseUrl, TEST_ADMIN.user, TEST_ADMIN.password);
  viewer = await createAndSignIn(app.baseUrl, admin, 'watcher', 'viewer');
  await createAndSignIn(app.baseUrl, admin, 'victim', 'admin', 'victim-password-123');
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

/** A sign-in from a chosen loopback source address (another client), with optional extra headers. */
function login(username: string, password: string, opts: { from?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  const url = new URL(`${app.baseUrl}/api/auth/login`);
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress: opts.from ?? '127.0.0.1',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), origin: url.origin, ...opts.headers },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function audit(query: string): Promise<Entry[]> {
  const response = await fetch(`${app.baseUrl}/api/v1/audit${query}`, { headers: { cookie: admin } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Entry[] }).items;
}

describe('sign-in throttling', () => {
  it('ignores a forged X-Forwarded-For: a client spraying user names is slowed down whatever address it claims', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await login(`spray-${i}`, 'password', { from: '127.0.0.3', headers: { 'x-forwarded-for': `203.0.113.${i}` } })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([401, 429]);
  });

  it('ignores a forged X-Forwarded-For: the sixth wrong password from this client is throttled whatever it claims', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await login('victim', `wrong-${i}`, { headers: { 'x-forwarded-for': `203.0.113.${i}` } })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([401, 429]);
    expect((await login('victim', 'victim-password-123', { headers: { 'x-forwarded-for': '198.51.100.99' } })).status).toBe(429);
  });

  it('never locks the account out of another client: the right password from 127.0.0.2 signs in', async () => {
    const other = await login('victim', 'victim-password-123', { from: '127.0.0.2' });
    expect(other.status).toBe(200);
    expect(String(other.headers['set-cookie'])).toContain('ironlb_session');
  });

  it('records the failed sign-ins and one throttled refusal per block in the audit log, with the client', async () => {
    const entries = await audit('?resource=User/victim');
    const failed = entries.filter((e) => e.action === 'signin.failed');
    const throttled = entries.filter((e) => e.action === 'signin.throttled');
    expect(failed).toHaveLength(6);
    expect(throttled).toHaveLength(1);
    expect(failed[0]).toMatchObject({ actor: 'anonymous', after: { client: '127.0.0.1', reason: 'wrong user name or password' } });
  });
});

describe('refused attempts in the audit log', () => {
  it('records a viewer\'s refused change and a cross-site change carrying a session', async () => {
    const asViewer = await fetch(`${app.baseUrl}/api/v1/pools`, { method: 'POST', headers: sameOriginHeaders(app.baseUrl, viewer), body: JSON.stringify({ name: 'nope', addresses: ['192.0.2.0/30'] }) });
    expect(asViewer.status).toBe(403);
    const crossSite = await fetch(`${app.baseUrl}/api/v1/pools`, {
      method: 'POST', headers: { ...sameOriginHeaders(app.baseUrl, admin), origin: 'https://evil.example' }, body: JSON.stringify({ name: 'nope', addresses: ['192.0.2.0/30'] }),
    });
    expect(crossSite.status).toBe(403);
    const denied = await audit('?action=denied');
    expect(denied.find((e) => e.actor === 'watcher')).toMatchObject({ resource: 'POST /api/v1/pools', after: { status: 403, client: '127.0.0.1' } });
    expect(denied.find((e) => e.actor === 'admin')).toMatchObject({ resource: 'POST /api/v1/pools', after: { status: 403 } });
    expect((await audit('?resource=IPAddressPool/nope')).length).toBe(0);
  });
});

describe('writes through the embedded cluster\'s kubeconfig', () => {
  it('are audited as Kubernetes audit events and shown with the dashboard\'s own writes, which are not counted twice', async () => {
    const kubeconfig = readFileSync(path.join(app.dataDir, 'kubeconfig'), 'utf8');
    const token = /token: (\S+)/.exec(kubeconfig)![1];
    const port = /server: https:\/\/127\.0\.0\.1:(\d+)/.exec(kubeconfig)![1];
    const created = await fetch(`http://127.0.0.1:${port}/api/v1/namespaces/default/configmaps`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'user-agent': 'kubectl/v1.33.1' },
      body: JSON.stringify({ metadata: { name: 'from-kubectl' }, data: { a: 'b' } }),
    });
    expect(created.status).toBe(201);
    const log = readFileSync(path.join(app.dataDir, 'apiserver-audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.at(-1)).toMatchObject({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', verb: 'create', user: { username: 'ironlb-admin' }, objectRef: { resource: 'configmaps', namespace: 'default', name: 'from-kubectl' }, responseStatus: { code: 201 }, userAgent: 'kubectl/v1.33.1' });
    const [entry] = await audit('?resource=ConfigMap/default/from-kubectl');
    expect(entry).toMatchObject({ actor: 'ironlb-admin', via: 'kubeconfig', action: 'create', before: null });
    expect(entry.diff).toContainEqual({ op: 'add', path: '/data', value: { a: 'b' } });

    expect((await fetch(`${app.baseUrl}/api/v1/pools`, { method: 'POST', headers: sameOriginHeaders(app.baseUrl, admin), body: JSON.stringify({ name: 'once', addresses: ['192.0.2.64/30'], autoAssign: true, avoidBuggyIPs: false }) })).status).toBe(201);
    const pool = await audit('?resource=IPAddressPool');
    expect(pool.filter((e) => e.resource.includes('once')).map((e) => `${e.actor} ${e.via}`)).toEqual(['admin session']);
  });
});

describe('the strict-ARP fix', () => {
  it('records the real ConfigMap diff when it changed something, and nothing when it did not', async () => {
    const fix = () => fetch(`${app.baseUrl}/api/v1/preflight/strict-arp`, { method: 'POST', headers: sameOriginHeaders(app.baseUrl, admin) });
    const first = await fix();
    expect(await first.json()).toMatchObject({ changed: true, state: 'ok' });
    const entries = await audit('?resource=ConfigMap/kube-system/kube-proxy');
    expect(entries).toHaveLength(1);
    expect(entries[0].diff).toEqual([{ op: 'replace', path: '/data/config.conf', value: expect.stringContaining('strictARP: true') }]);
    expect(JSON.stringify(entries[0].before)).toContain('strictARP: false');
    expect(await (await fix()).json()).toMatchObject({ changed: false, state: 'ok' });
    expect(await audit('?resource=ConfigMap/kube-system/kube-proxy')).toHaveLength(1);
  });
});

describe('caching and health', () => {
  it.each([
    ['a new API token', () => fetch(`${app.baseUrl}/api/auth/tokens`, { method: 'POST', headers: sameOriginHeaders(app.baseUrl, admin), body: JSON.stringify({ name: 'ci' }) })],
    ['the session', () => fetch(`${app.baseUrl}/api/auth/session`, { headers: { cookie: admin } })],
    ['a failed sign-in', () => fetch(`${app.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: app.baseUrl }, body: '{"username":"x"}' })],
    ['the users', () => fetch(`${app.baseUrl}/api/auth/users`, { headers: { cookie: admin } })],
    ['the metrics', () => fetch(`${app.baseUrl}/metrics`, { headers: { cookie: admin } })],
    ['the health check', () => fetch(`${app.baseUrl}/api/healthz`)],
  ])('%s is Cache-Control: no-store', async (_what, call) => {
    const response = await call();
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('/api/healthz says whether it lives and nothing else (no file paths)', async () => {
    const response = await fetch(`${app.baseUrl}/api/healthz`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ worker: 'up' });
    expect(text).not.toContain(app.dataDir);
    expect(text).not.toContain('kubeconfig');
  });
});

describe('/login?error=', () => {
  // What the page shows (its scripts echo the URL itself, as data, never as text on the page).
  const shown = async (query: string) => (await (await fetch(`${app.baseUrl}/login${query}`)).text()).replace(/<script[\s\S]*?<\/script>/g, '');

  it('prints only known messages, never the text of the link', async () => {
    expect(await shown(`?error=${encodeURIComponent('Your session expired: call 555-0100 now')}`)).not.toContain('555-0100');
    expect(await shown('?error=failed')).toContain('wrong user name or password');
    expect(await shown('?error=throttled')).toContain('too many failed sign-ins');
  });

  it('a plain form sign-in that fails redirects with a code', async () => {
    const response = await fetch(`${app.baseUrl}/api/auth/login`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.baseUrl }, body: 'username=nobody&password=wrong',
    });
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get('location')!, app.baseUrl).searchParams.get('error')).toBe('failed');
  });
});

describe('the app\'s own output', () => {
  it('has no MaxListenersExceededWarning from starting the embedded cluster', () => {
    expect(app.logs()).not.toContain('MaxListenersExceededWarning');
  });
});

describe('idle connections', () => {
  it.each([['sends nothing', ''], ['never finishes its request head', 'GET /login HTTP/1.1\r\nHost: x\r\n']])('closes a connection that %s', async (_what, head) => {
    const port = Number(new URL(app.baseUrl).port);
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => { if (head) socket.write(head); });
    socket.resume();
    const closed = await new Promise<boolean>((resolve) => {
      const guard = setTimeout(() => resolve(false), 20_000);
      socket.on('close', () => { clearTimeout(guard); resolve(true); });
      socket.on('error', () => undefined);
    });
    socket.destroy();
    expect(closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);
});
