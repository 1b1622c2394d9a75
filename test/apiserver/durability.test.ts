// kill -9 during a burst of writes: every write that got a 2xx is there after a restart, and
// resourceVersions keep increasing. The server runs as its own process (main.ts under tsx).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { parse } from 'yaml';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ironlb-durability-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Running { child: ChildProcess; url: string; token: string }

async function startServerProcess(): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/apiserver/main.ts', '--data-dir', dir, '--port', '0'], {
    cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  children.push(child);
  const kubeconfigPath = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0].trim());
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const kc = parse(readFileSync(kubeconfigPath, 'utf8'));
  const port = new URL(kc.clusters[0].cluster.server).port;
  return { child, url: `http://127.0.0.1:${port}`, token: kc.users[0].user.token };
}

const headers = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });

it('keeps every acknowledged write across kill -9', async () => {
  const first = await startServerProcess();
  const acked = new Map<string, number>();
  let stop = false;
  const worker = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const name = `burst-${w}-${i}`;
      try {
        const res = await fetch(`${first.url}/api/v1/namespaces/default/configmaps`, {
          method: 'POST', headers: headers(first.token), body: JSON.stringify({ metadata: { name }, data: { i: String(i) } }),
        });
        if (res.status === 201) acked.set(name, Number((await res.json()).metadata.resourceVersion));
      } catch {
        return; // the server died under us: this write was never acknowledged
      }
    }
  };
  const workers = Array.from({ length: 8 }, (_, w) => worker(w));
  while (acked.size < 200) await new Promise((r) => setTimeout(r, 5));
  const exited = new Promise((r) => first.child.once('exit', r));
  first.child.kill('SIGKILL');
  stop = true;
  await Promise.all(workers);
  await exited;

  const second = await startServerProcess();
  const list = await (await fetch(`${second.url}/api/v1/namespaces/default/configmaps`, { headers: headers(second.token) })).json();
  const stored = new Set(list.items.map((i: { metadata: { name: string } }) => i.metadata.name));
  const missing = [...acked.keys()].filter((n) => !stored.has(n));
  expect(missing).toEqual([]);
  const maxAcked = Math.max(...acked.values());
  expect(Number(list.metadata.resourceVersion)).toBeGreaterThanOrEqual(maxAcked);
  const after = await fetch(`${second.url}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: headers(second.token), body: JSON.stringify({ metadata: { name: 'after-restart' } }) });
  expect(Number((await after.json()).metadata.resourceVersion)).toBeGreaterThan(maxAcked);
  const stopped = new Promise((r) => second.child.once('exit', r));
  second.child.kill('SIGTERM');
  await stopped;
});
