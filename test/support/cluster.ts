// An embedded API server in a fresh data dir, and client-node (through server/kube) on its
// kubeconfig: the cluster the controller and speaker integration tests run against.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '../../server/apiserver';
import { createKube, type Kube } from '../../server/kube';

export const NS = 'metallb-system';

export interface Cluster {
  api: ApiServer;
  kube: Kube;
  dataDir: string;
  close(): Promise<void>;
}

export async function startCluster(prefix = 'ironlb-cluster-', opts: { webhooks?: boolean } = {}): Promise<Cluster> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const api = await startApiServer({ dataDir, port: 0, webhooks: opts.webhooks, keepRequests: true });
  // ironlb's components use their own identity, as in the embedded cluster (the admin's writes are audited).
  const kube = createKube({ kubeconfigPath: api.componentsKubeconfigPath });
  return {
    api,
    kube,
    dataDir,
    async close() {
      await api.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
