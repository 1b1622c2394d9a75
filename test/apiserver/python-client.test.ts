// Python's kubernetes client (Debian's python3-kubernetes, /usr/bin/python3) against the embedded API
// server, black box: list Nodes (it refuses a Node without a complete nodeInfo), read default/kubernetes
// and kube-root-ca.crt, list Endpoints, and watch with `watch=True` until the events it waits for arrive.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoObjects } from '@/server/embedded/demo-objects';
import { configMap, startTestServer, type TestServer } from './harness';

const PYTHON = '/usr/bin/python3';

const SCRIPT = `
import json, sys
from kubernetes import client, config, watch
config.load_kube_config(config_file=sys.argv[1])
core = client.CoreV1Api()
out = {}
out["nodes"] = sorted(n.metadata.name for n in core.list_node().items)
out["bootIDs"] = sorted(n.status.node_info.boot_id for n in core.list_node().items)
svc = core.read_namespaced_service("kubernetes", "default")
out["kubernetes"] = [svc.spec.cluster_ip, svc.spec.ports[0].port]
out["rootCA"] = core.read_namespaced_config_map("kube-root-ca.crt", "default").data["ca.crt"].startswith("-----BEGIN CERTIFICATE-----")
out["endpoints"] = sorted(e.metadata.name for e in core.list_namespaced_endpoints("default").items)
seen = []
w = watch.Watch()
for ev in w.stream(core.list_namespaced_config_map, "watched", timeout_seconds=20):
    seen.append([ev["type"], ev["object"].metadata.name])
    if len(seen) >= 2:
        w.stop()
out["watch"] = seen
print(json.dumps(out))
`;

function runPython(kubeconfig: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(PYTHON, ['-c', SCRIPT, kubeconfig], { timeout: 60_000, env: { ...process.env, PYTHONWARNINGS: 'ignore' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  const nodes = demoObjects().filter((o) => o.resource === 'nodes').map((o) => o.object);
  for (const node of nodes) await s.call('POST', '/api/v1/nodes', node);
  // A Node made by hand, without a kubelet's status: the server still shows every nodeInfo field.
  await s.call('POST', '/api/v1/nodes', { metadata: { name: 'bare' } });
  await s.call('POST', '/api/v1/namespaces', { metadata: { name: 'watched' } });
});
afterAll(async () => { await s.stop(); });

describe('Python kubernetes client', () => {
  it('lists nodes, reads what a cluster has, and watches with watch=True', async () => {
    const watchesBefore = s.openWatches();
    const run = runPython(s.kubeconfigPath);
    // kube-root-ca.crt is there from the start; the second event is this ConfigMap, made once the watch is open.
    const deadline = Date.now() + 30_000;
    while (s.openWatches() === watchesBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await s.call('POST', '/api/v1/namespaces/watched/configmaps', configMap('late'));
    const r = await run;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.nodes).toEqual(['bare', 'node01', 'node02', 'node03']);
    expect(out.bootIDs[0]).toBe('');
    expect(out.bootIDs.slice(1).every((id: string) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
    expect(out.kubernetes).toEqual(['10.96.0.1', 443]);
    expect(out.rootCA).toBe(true);
    expect(out.endpoints).toContain('kubernetes');
    expect(out.watch).toEqual([['ADDED', 'kube-root-ca.crt'], ['ADDED', 'late']]);
  }, 90_000);
});
