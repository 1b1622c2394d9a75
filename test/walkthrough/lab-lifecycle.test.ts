// `ironlb lab` started and stopped as a user would: no warnings at start, a clean stop in order (the
// controller releases its Lease before the API server goes), and a restart on the same data dir keeps
// the port, the CA and the kubeconfig, so a copied kubeconfig keeps working.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubectlBinaries, runKubectl } from '../support/kubectl';
import { pollUntil, startLab } from './lab-process';

const [kubectl] = await kubectlBinaries();

describe('ironlb lab lifecycle', () => {
  it('starts and stops cleanly and comes back on the same port with the same kubeconfig', async () => {
    const first = await startLab();
    const home = first.dataDir;
    const kubeconfigBefore = readFileSync(first.kubeconfig, 'utf8');
    const leases = () => runKubectl(kubectl, first.kubeconfig, home, ['get', 'lease', '-n', 'metallb-system', 'ironlb-controller', '-o', 'jsonpath={.spec.holderIdentity}']);
    // The controller leads (and so has a Lease to release at stop).
    expect((await pollUntil(leases, (r) => r.stdout === 'embedded')).stdout).toBe('embedded');
    await first.stop({ keep: true });
    expect(first.output()).not.toContain('MaxListenersExceededWarning');
    expect(first.output()).not.toContain('could not release lease');
    expect(first.output()).not.toContain('ECONNREFUSED');

    const second = await startLab(90_000, { dir: first.dataDir });
    try {
      expect(second.kubeconfig).toBe(first.kubeconfig);
      expect(readFileSync(join(second.dataDir, 'kubeconfig'), 'utf8')).toBe(kubeconfigBefore);
      const r = await runKubectl(kubectl, second.kubeconfig, home, ['get', 'ns', 'default', '-o', 'name']);
      expect(r.stdout.trim()).toBe('namespace/default');
    } finally {
      await second.stop();
    }
    expect(second.output()).not.toContain('MaxListenersExceededWarning');
  }, 240_000);
});
