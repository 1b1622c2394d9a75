// `kubectl apply --server-side -k deploy/` as a user installs ironlb, against the embedded API
// server (`ironlb lab --api-only`) with kubectl 1.33: every object is created, and a second
// apply changes nothing. The overlay for clusters that already have MetalLB's CRDs installs none.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kubectlBinaries, runKubectl, type KubectlBinary } from '../support/kubectl';
import { startLab, type LabProcess } from '../walkthrough/lab-process';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

let lab: LabProcess;
let kubectl: KubectlBinary;
const home = mkdtempSync(join(tmpdir(), 'ironlb-deploy-home-'));
const run = (args: string[]) => runKubectl(kubectl, lab.kubeconfig, home, args);

/** What `kubectl kustomize <dir>` renders: the objects an apply creates. */
async function render(dir: string): Promise<Manifest[]> {
  const out = await run(['kustomize', join(repoRoot, dir)]);
  expect(out.code, out.stderr).toBe(0);
  return parseAllDocuments(out.stdout).map((d) => d.toJSON() as Manifest);
}

/** kind/namespace/name -> resourceVersion, read back from the server. */
async function versions(objects: Manifest[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const o of objects) {
    const ref = `${o.kind.toLowerCase()}.${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}`.replace(/\.$/, '');
    const args = ['get', ref, o.metadata.name, '-o', 'jsonpath={.metadata.resourceVersion}'];
    if (o.metadata.namespace) args.push('-n', o.metadata.namespace);
    const got = await run(args);
    expect(got.code, `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}: ${got.stderr}`).toBe(0);
    out.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, got.stdout);
  }
  return out;
}

beforeAll(async () => {
  [kubectl] = await kubectlBinaries(); // 1.33: kustomize v5 (components), server-side apply
  lab = await startLab(90_000, { apiOnly: true });
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

describe('installing with kubectl apply -k deploy/', () => {
  it('the CRD files are what lib/crds generates', () => {
    expect(() => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/gen-crds.ts', '--check'], { cwd: repoRoot, stdio: 'pipe' })).not.toThrow();
  });

  it('creates every object of the install, with the image set in one place', async () => {
    const objects = await render('deploy');
    expect(new Set(objects.map((o) => o.kind))).toEqual(
      new Set(['CustomResourceDefinition', 'Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Deployment', 'DaemonSet', 'PodDisruptionBudget', 'Secret', 'Service']),
    );
    const apply = await run(['apply', '--server-side', '-k', join(repoRoot, 'deploy')]);
    expect(apply.code, apply.stderr).toBe(0);
    const before = await versions(objects);
    expect(before.size).toBe(objects.length);
    const images = await run(['get', 'deploy,ds', '-n', 'metallb-system', '-o', 'jsonpath={.items[*].spec.template.spec.containers[*].image}']);
    expect(new Set(images.stdout.split(' '))).toEqual(new Set(['ghcr.io/ironlb/ironlb:0.1.0']));
  });

  it('a second apply changes nothing', async () => {
    const objects = await render('deploy');
    const before = await versions(objects);
    const again = await run(['apply', '--server-side', '-k', join(repoRoot, 'deploy')]);
    expect(again.code, again.stderr).toBe(0);
    expect(await versions(objects)).toEqual(before);
  });

  it('the overlay for clusters with MetalLB CRDs installs the same components and no CRD', async () => {
    const full = await render('deploy');
    const overlay = await render('deploy/overlays/metallb-crds-present');
    expect(overlay.filter((o) => o.kind === 'CustomResourceDefinition')).toEqual([]);
    expect(overlay.length).toBe(full.filter((o) => o.kind !== 'CustomResourceDefinition').length);
    const apply = await run(['apply', '--server-side', '-k', join(repoRoot, 'deploy/overlays/metallb-crds-present')]);
    expect(apply.code, apply.stderr).toBe(0);
  });
});
