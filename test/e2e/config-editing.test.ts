// Pool and L2Advertisement editing in Chromium against the built app on the embedded cluster,
// checked with real kubectl: every field round-trips (form -> kubectl -> kubectl edit -> form),
// the YAML tab round-trips, a bad selector is refused with the API server's words, and the
// preview lists exactly the moves that happen after Save (service IPs and ServiceL2Statuses).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { createObject, getObject, listObjects, RESOURCES, type KubeObject } from '../../server/kube';
import { startDashboard, waitUntil, type DashboardApp } from '../support/app';
import { openBrowser, screenshot, type Browser } from '../support/browser';
import { kubectlBinaries, runKubectl, type KubectlBinary } from '../support/kubectl';

const NS = 'metallb-system';
let app: DashboardApp;
let browser: Browser;
let page: Page;
let bin: KubectlBinary;
let home: string;

const main = (p: Page = page) => p.locator('#main');

async function kubectl(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return runKubectl(bin, path.join(app.dataDir, 'kubeconfig'), home, args, { input });
}

async function kubectlJson<T>(kind: string, name: string): Promise<T> {
  const r = await kubectl(['get', kind, name, '-n', NS, '-o', 'json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as T;
}

async function kubectlPatch(kind: string, name: string, patch: unknown): Promise<void> {
  const r = await kubectl(['patch', kind, name, '-n', NS, '--type', 'merge', '-p', JSON.stringify(patch)]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

async function expectToast(text: string): Promise<void> {
  await page.locator('[data-testid="toast"][data-tone="success"]').filter({ hasText: text }).waitFor({ timeout: 15_000 });
}

/** The page's form once hydrated (ClientForm enables its fields then). */
async function openForm(url: string): Promise<Locator> {
  await page.goto(`${app.baseUrl}${url}`);
  const form = main().locator('form:not([aria-busy])');
  await form.waitFor();
  return form;
}

/** Every key = value row of one labels/matchLabels editor, as a map. */
async function labelRows(scope: Locator, name: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (let i = 1; ; i++) {
    const key = scope.getByLabel(`${name} label ${i} key`, { exact: true });
    if ((await key.count()) === 0) return out;
    out[await key.inputValue()] = await scope.getByLabel(`${name} label ${i} value`, { exact: true }).inputValue();
  }
}

async function expression(scope: Locator, name: string, i: number): Promise<[string, string, string]> {
  const at = (field: string) => scope.getByLabel(`${name} expression ${i} ${field}`, { exact: true });
  return [await at('key').inputValue(), await at('operator').inputValue(), await at('values').inputValue()];
}

async function addLabel(scope: Locator, name: string, key: string, value: string): Promise<void> {
  await scope.getByRole('button', { name: '+ Add label' }).click();
  const n = await scope.getByTestId('label-row').count();
  await scope.getByLabel(`${name} label ${n} key`, { exact: true }).fill(key);
  await scope.getByLabel(`${name} label ${n} value`, { exact: true }).fill(value);
}

async function addExpression(scope: Locator, name: string, key: string, operator: string, values = ''): Promise<void> {
  await scope.getByRole('button', { name: '+ Add expression' }).click();
  const n = await scope.getByTestId('expression-row').count();
  await scope.getByLabel(`${name} expression ${n} key`, { exact: true }).fill(key);
  await scope.getByLabel(`${name} expression ${n} operator`, { exact: true }).selectOption(operator);
  if (values) await scope.getByLabel(`${name} expression ${n} values`, { exact: true }).fill(values);
}

beforeAll(async () => {
  [bin] = await kubectlBinaries();
  home = mkdtempSync(path.join(tmpdir(), 'ironlb-e2e-kubectl-'));
  app = await startDashboard();
  browser = await openBrowser(app);
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
  page = await browser.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

type Pool = KubeObject & { spec: Record<string, unknown> };

describe('IPAddressPool: every field round-trips', () => {
  it('is created in the form with the whole spec, and kubectl reads it back', async () => {
    const form = await openForm('/pools/new');
    await form.getByLabel('Name', { exact: true }).fill('e2e-full');
    await form.getByLabel('Address 1', { exact: true }).fill('198.51.100.128/28');
    await form.getByRole('button', { name: 'Add address' }).click();
    await form.getByLabel('Address 2', { exact: true }).fill('2001:db8:5::/120');
    await form.getByLabel('Auto-assign').uncheck();
    await form.getByLabel('Avoid buggy IPs').check();
    await addLabel(form.getByTestId('pool-labels'), 'Pool', 'zone', 'a');
    await form.getByLabel('Serve only some services').check();
    await form.getByLabel('Priority', { exact: true }).fill('5');
    await form.getByLabel('Namespaces', { exact: true }).fill('team-a');
    await form.getByRole('button', { name: 'Add namespace selector' }).click();
    await addLabel(form.getByTestId('pool-namespace-selectors'), 'Namespace selector 1', 'team', 'a');
    await form.getByRole('button', { name: 'Add service selector' }).click();
    await addExpression(form.getByTestId('pool-service-selectors'), 'Service selector 1', 'app', 'In', 'web, api');
    // Nothing serves these namespaces yet: the preview says so before the save.
    await main().locator('[data-testid="preview"][data-status="ready"]').waitFor({ timeout: 15_000 });
    await screenshot(page, 'pool-form-full');
    await form.getByRole('button', { name: /^Create pool/ }).click();
    await expectToast('Pool e2e-full created');

    const pool = await kubectlJson<Pool>('ipaddresspool', 'e2e-full');
    expect(pool.metadata.labels).toEqual({ zone: 'a' });
    expect(pool.spec).toEqual({
      addresses: ['198.51.100.128/28', '2001:db8:5::/120'],
      autoAssign: false,
      avoidBuggyIPs: true,
      serviceAllocation: {
        priority: 5,
        namespaces: ['team-a'],
        namespaceSelectors: [{ matchLabels: { team: 'a' } }],
        serviceSelectors: [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }],
      },
    });
  });

  it('is edited with kubectl, and the edit form shows every changed field', async () => {
    await kubectlPatch('ipaddresspool', 'e2e-full', {
      metadata: { labels: { zone: 'b', tier: 'edge' } },
      spec: {
        addresses: ['198.51.100.144/28'],
        autoAssign: true,
        avoidBuggyIPs: false,
        serviceAllocation: {
          priority: 9,
          namespaces: ['team-b', 'team-c'],
          namespaceSelectors: [{ matchExpressions: [{ key: 'team', operator: 'Exists' }] }],
          serviceSelectors: [{ matchLabels: { app: 'db' } }],
        },
      },
    });
    const form = await openForm('/pools/e2e-full/edit');
    expect(await form.getByLabel('Address 1', { exact: true }).inputValue()).toBe('198.51.100.144/28');
    expect(await form.getByLabel('Address 2', { exact: true }).count()).toBe(0);
    expect(await form.getByLabel('Auto-assign').isChecked()).toBe(true);
    expect(await form.getByLabel('Avoid buggy IPs').isChecked()).toBe(false);
    expect(await labelRows(form, 'Pool')).toEqual({ zone: 'b', tier: 'edge' });
    expect(await form.getByLabel('Serve only some services').isChecked()).toBe(true);
    expect(await form.getByLabel('Priority', { exact: true }).inputValue()).toBe('9');
    expect(await form.getByLabel('Namespaces', { exact: true }).inputValue()).toBe('team-b, team-c');
    expect(await expression(form, 'Namespace selector 1', 1)).toEqual(['team', 'Exists', '']);
    expect(await labelRows(form, 'Service selector 1')).toEqual({ app: 'db' });
  });
});

describe('L2Advertisement: every field round-trips', () => {
  it('is created in the form with the whole spec, and kubectl reads it back', async () => {
    const form = await openForm('/l2advertisements/new');
    await form.getByLabel('Name', { exact: true }).fill('e2e-full-adv');
    await form.getByLabel('e2e-full', { exact: true }).check();
    await form.getByRole('button', { name: 'Add pool selector' }).click();
    await addLabel(form.getByTestId('adv-pool-selectors'), 'Pool selector 1', 'zone', 'b');
    await form.getByRole('button', { name: 'Add node selector' }).click();
    await addExpression(form.getByTestId('adv-node-selectors'), 'Node selector 1', 'kubernetes.io/hostname', 'NotIn', 'node03');
    await form.getByLabel('Interfaces', { exact: true }).fill('eth0, eth1');
    await form.getByRole('button', { name: 'Add preferred node' }).click();
    await form.getByLabel('Preferred node 1 weight', { exact: true }).fill('80');
    await addLabel(form.getByTestId('adv-preferred'), 'Preferred node 1', 'kubernetes.io/hostname', 'node01');
    await form.getByRole('button', { name: 'Add service selector' }).click();
    await addExpression(form.getByTestId('adv-service-selectors'), 'Service selector 1', 'expose', 'Exists');
    await screenshot(page, 'advertisement-form-full');
    await form.getByRole('button', { name: /^Create L2Advertisement/ }).click();
    await expectToast('L2Advertisement e2e-full-adv created');

    const adv = await kubectlJson<KubeObject & { spec: unknown }>('l2advertisement', 'e2e-full-adv');
    expect(adv.spec).toEqual({
      ipAddressPools: ['e2e-full'],
      ipAddressPoolSelectors: [{ matchLabels: { zone: 'b' } }],
      nodeSelectors: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['node03'] }] }],
      interfaces: ['eth0', 'eth1'],
      preferredNodeSelectors: [{ weight: 80, preference: { matchLabels: { 'kubernetes.io/hostname': 'node01' } } }],
      serviceSelectors: [{ matchExpressions: [{ key: 'expose', operator: 'Exists' }] }],
    });
  });

  it('is edited with kubectl, and the edit form shows every changed field', async () => {
    await kubectlPatch('l2advertisement', 'e2e-full-adv', {
      spec: {
        ipAddressPools: null,
        ipAddressPoolSelectors: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }],
        nodeSelectors: [{ matchLabels: { 'kubernetes.io/os': 'linux' } }],
        interfaces: ['eth2'],
        preferredNodeSelectors: [{ weight: 20, preference: { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node02'] }] } }],
        serviceSelectors: [{ matchLabels: { expose: 'true' } }],
      },
    });
    const form = await openForm('/l2advertisements/e2e-full-adv/edit');
    expect(await form.getByLabel('e2e-full', { exact: true }).isChecked()).toBe(false);
    expect(await expression(form, 'Pool selector 1', 1)).toEqual(['zone', 'In', 'a, b']);
    expect(await labelRows(form, 'Node selector 1')).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(await form.getByLabel('Interfaces', { exact: true }).inputValue()).toBe('eth2');
    expect(await form.getByLabel('Preferred node 1 weight', { exact: true }).inputValue()).toBe('20');
    expect(await expression(form, 'Preferred node 1', 1)).toEqual(['kubernetes.io/hostname', 'In', 'node02']);
    expect(await labelRows(form, 'Service selector 1')).toEqual({ expose: 'true' });
    expect(await form.getByLabel('Service selector 1 expression 1 key', { exact: true }).count()).toBe(0);
  });
});

describe('the YAML tab', () => {
  it('shows the object as kubectl does, keeps edits across tabs, and saves from either tab', async () => {
    const form = await openForm('/pools/e2e-full/edit');
    await form.getByRole('tab', { name: 'YAML' }).click();
    const area = form.getByLabel('The object, as kubectl shows it');
    const fromKubectl = await kubectl(['get', 'ipaddresspool', 'e2e-full', '-n', NS, '-o', 'yaml']);
    expect(await area.inputValue()).toBe(fromKubectl.stdout);
    await screenshot(page, 'pool-yaml-tab');

    // An edit in YAML reaches the form...
    const yaml = await area.inputValue();
    await area.fill(yaml.replace('- 198.51.100.144/28', '- 198.51.100.160/28').replace('priority: 9', 'priority: 3'));
    await form.getByRole('tab', { name: 'Form' }).click();
    expect(await form.getByLabel('Address 1', { exact: true }).inputValue()).toBe('198.51.100.160/28');
    expect(await form.getByLabel('Priority', { exact: true }).inputValue()).toBe('3');
    // ...an edit in the form reaches the YAML, with the first edit kept...
    await form.getByLabel('Namespaces', { exact: true }).fill('team-b');
    await form.getByRole('tab', { name: 'YAML' }).click();
    const both = await area.inputValue();
    expect(both).toContain('  - 198.51.100.160/28\n');
    expect(both).toContain('    namespaces:\n    - team-b\n    priority: 3\n');
    // ...a broken line is named and keeps you on the YAML tab...
    await area.fill(both.replace('autoAssign: true', 'autoAssign: maybe'));
    const issue = form.getByTestId('yaml-issue');
    await issue.filter({ hasText: 'spec.autoAssign' }).waitFor();
    const line = both.split('\n').findIndex((l) => l.includes('autoAssign: true')) + 1;
    expect(await issue.getAttribute('data-line')).toBe(String(line));
    await form.getByRole('tab', { name: 'Form' }).click();
    await form.getByTestId('yaml-blocked').waitFor();
    // ...and, fixed, it saves from the YAML tab.
    await area.fill(both.replace('autoAssign: true', 'autoAssign: false'));
    await form.getByTestId('save').click();
    await expectToast('Pool e2e-full saved');
    const saved = await kubectlJson<Pool>('ipaddresspool', 'e2e-full');
    expect(saved.spec).toMatchObject({ addresses: ['198.51.100.160/28'], autoAssign: false, serviceAllocation: { priority: 3, namespaces: ['team-b'] } });
  });

  it('"Copy as kubectl apply" copies a command that kubectl applies as is', async () => {
    await page.goto(`${app.baseUrl}/pools/e2e-full`);
    await main().getByRole('button', { name: 'View YAML' }).click();
    await main().getByTestId('object-yaml').filter({ hasText: 'addresses:\n  - 198.51.100.160/28' }).waitFor();
    await main().locator('dialog[open]').getByRole('button', { name: 'Copy as kubectl apply' }).click();
    const command = await page.evaluate(() => navigator.clipboard.readText());
    expect(command.startsWith("kubectl apply -f - <<'EOF'\n")).toBe(true);
    const manifest = command.slice(command.indexOf('\n') + 1, command.lastIndexOf('EOF\n'));
    expect(manifest).not.toMatch(/resourceVersion|uid:|status:/);
    const applied = await kubectl(['apply', '-f', '-'], manifest.replace('autoAssign: false', 'autoAssign: true'));
    expect(applied.stdout).toContain('ipaddresspool.metallb.io/e2e-full configured');
    expect((await kubectlJson<Pool>('ipaddresspool', 'e2e-full')).spec.autoAssign).toBe(true);
  });
});

describe('a bad selector', () => {
  it('is refused in the form with the words the API server uses for it', async () => {
    const form = await openForm('/l2advertisements/new');
    await form.getByLabel('Name', { exact: true }).fill('e2e-bad');
    await form.getByRole('button', { name: 'Add node selector' }).click();
    await addExpression(form.getByTestId('adv-node-selectors'), 'Node selector 1', 'rack', 'In');
    await addLabel(form.getByTestId('adv-node-selectors'), 'Node selector 1', 'bad key', 'x');
    const errors = form.getByTestId('selector-error');
    await errors.nth(1).waitFor();
    const shown = await errors.allTextContents();
    await screenshot(page, 'advertisement-bad-selector');
    await form.getByRole('button', { name: /^Create L2Advertisement/ }).click();
    expect(page.url()).toContain('/l2advertisements/new');
    expect(await getObject(app.kube(), RESOURCES.l2advertisements, { namespace: NS, name: 'e2e-bad' })).toBeUndefined();

    const manifest = `apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: e2e-bad
  namespace: ${NS}
spec:
  nodeSelectors:
  - matchLabels:
      bad key: x
    matchExpressions:
    - key: rack
      operator: In
`;
    const refusedLabel = await kubectl(['apply', '-f', '-'], manifest);
    expect(refusedLabel.code).not.toBe(0);
    const labelMessage = shown.find((m) => m.includes('"bad key"')) ?? '(the form showed no message for the key)';
    expect(refusedLabel.stderr).toContain(`spec.nodeSelectors.0.matchLabels: ${labelMessage}`);
    const refusedValues = await kubectl(['apply', '-f', '-'], manifest.replace('      bad key: x\n', '      rack-label: x\n'));
    const valuesMessage = shown.find((m) => m.startsWith('Required value')) ?? '(the form showed no message for the values)';
    expect(refusedValues.stderr).toContain(`spec.nodeSelectors.0.matchExpressions.0.values: ${valuesMessage}`);
  });
});

describe('the preview', () => {
  const SERVICES = ['m1', 'm2', 'm3'];
  const key = (s: string) => `default/${s}`;

  /** Each service's IPs and its ServiceL2Status nodes, as the cluster has them now. */
  async function observed(): Promise<Map<string, { ips: string[]; nodes: string[] }>> {
    const kube = app.kube();
    const statuses = await listObjects<KubeObject & { status?: { node?: string; serviceName?: string; serviceNamespace?: string } }>(kube, RESOURCES.servicel2statuses, { namespace: NS });
    const out = new Map<string, { ips: string[]; nodes: string[] }>();
    for (const s of SERVICES) {
      const svc = await getObject<KubeObject & { status?: { loadBalancer?: { ingress?: { ip: string }[] } } }>(kube, RESOURCES.services, { namespace: 'default', name: s });
      const nodes = statuses.items.filter((x) => x.status?.serviceNamespace === 'default' && x.status?.serviceName === s).map((x) => x.status?.node ?? '');
      out.set(key(s), { ips: (svc?.status?.loadBalancer?.ingress ?? []).map((i) => i.ip), nodes: nodes.sort() });
    }
    return out;
  }

  const settled = (m: Map<string, { ips: string[]; nodes: string[] }>) => [...m.values()].every((v) => v.ips.length === 1 && v.nodes.length === 1);

  async function readPreview(): Promise<{ moves: Map<string, { from: string; to: string }>; ips: Map<string, string> }> {
    await main().locator('[data-testid="preview"][data-status="ready"]').waitFor({ timeout: 15_000 });
    const moves = new Map<string, { from: string; to: string }>();
    for (const row of await main().getByTestId('preview-move').all()) {
      moves.set((await row.getAttribute('data-service')) ?? '', { from: (await row.getAttribute('data-from')) ?? '', to: (await row.getAttribute('data-to')) ?? '' });
    }
    const ips = new Map<string, string>();
    for (const row of await main().getByTestId('preview-ip').all()) ips.set((await row.getAttribute('data-service')) ?? '', (await row.getAttribute('data-after')) ?? '');
    return { moves, ips };
  }

  /** After Save: each service where the preview said, and the others where they were. */
  async function expectOutcome(before: Map<string, { ips: string[]; nodes: string[] }>, preview: Awaited<ReturnType<typeof readPreview>>): Promise<void> {
    const expected = new Map(
      [...before].map(([svc, b]) => [svc, { ips: preview.ips.has(svc) ? [preview.ips.get(svc) as string] : b.ips, nodes: [preview.moves.get(svc)?.to ?? b.nodes[0]] }]),
    );
    for (const [svc, m] of preview.moves) if (svc.startsWith('default/m')) expect(m.from).toBe(before.get(svc)?.nodes[0]);
    const after = await waitUntil(async () => {
      const now = await observed();
      return [...expected].every(([svc, e]) => JSON.stringify(now.get(svc)) === JSON.stringify(e)) ? now : undefined;
    }, 20_000, `the cluster to match the preview ${JSON.stringify([...expected])}`).catch(async (e: unknown) => {
      throw new Error(`${String(e)}; the cluster has ${JSON.stringify([...(await observed())])}`);
    });
    expect(after).toEqual(expected);
  }

  beforeAll(async () => {
    const kube = app.kube();
    await createObject(kube, RESOURCES.ipaddresspools, { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { namespace: NS, name: 'e2e-moves' }, spec: { addresses: ['198.51.100.64/28'], autoAssign: false } });
    await createObject(kube, RESOURCES.l2advertisements, { apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: { namespace: NS, name: 'e2e-moves' }, spec: { ipAddressPools: ['e2e-moves'] } });
    for (const name of SERVICES) {
      await createObject(kube, RESOURCES.services, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { namespace: 'default', name, annotations: { 'metallb.io/address-pool': 'e2e-moves' } },
        spec: { type: 'LoadBalancer', selector: { app: name }, ports: [{ port: 80, protocol: 'TCP' }] },
      });
      await createObject(kube, RESOURCES.endpointslices, {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { namespace: 'default', name: `${name}-1`, labels: { 'kubernetes.io/service-name': name } },
        addressType: 'IPv4',
        endpoints: ['node01', 'node02', 'node03'].map((n, i) => ({ addresses: [`172.16.20.${i + 1}`], nodeName: n, conditions: { ready: true, serving: true } })),
        ports: [{ port: 80, protocol: 'TCP' }],
      } as never);
    }
    await waitUntil(async () => settled(await observed()), 20_000, 'm1..m3 to be announced');
  });

  it('an advertisement narrowed away from a node: the listed services move, from -> to, and no other', async () => {
    const before = await observed();
    const away = before.get(key('m1'))?.nodes[0] as string;
    const form = await openForm('/l2advertisements/e2e-moves/edit');
    await form.getByRole('button', { name: 'Add node selector' }).click();
    await addExpression(form.getByTestId('adv-node-selectors'), 'Node selector 1', 'kubernetes.io/hostname', 'NotIn', away);
    const preview = await readPreview();
    const leaving = SERVICES.map(key).filter((s) => before.get(s)?.nodes[0] === away);
    expect([...preview.moves.keys()].sort()).toEqual(leaving);
    expect(await form.getByTestId('save').textContent()).toBe(`Save: ${leaving.length === 1 ? '1 service moves' : `${leaving.length} services move`} to another node`);
    await screenshot(page, 'advertisement-preview');
    await form.getByTestId('save').click();
    await expectToast('L2Advertisement e2e-moves saved');
    await expectOutcome(before, preview);
  });

  it('a pool narrowed: the listed services change IP (and maybe node) exactly as previewed', async () => {
    const before = await observed();
    const first = before.get(key('m1'))?.ips[0] as string;
    expect(first).toBe('198.51.100.64');
    const form = await openForm('/pools/e2e-moves/edit');
    await form.getByLabel('Address 1', { exact: true }).fill('198.51.100.65-198.51.100.79');
    const preview = await readPreview();
    expect([...preview.ips]).toEqual([[key('m1'), '198.51.100.67']]);
    await screenshot(page, 'pool-preview');
    await form.getByTestId('save').click();
    await expectToast('Pool e2e-moves saved');
    await expectOutcome(before, preview);
  });

  it('deleting the advertisement: the dialog lists every IP that goes dark', async () => {
    await page.goto(`${app.baseUrl}/l2advertisements`);
    await main().getByRole('button', { name: 'Delete L2Advertisement e2e-moves' }).click();
    const dialog = main().locator('dialog[open]');
    await dialog.locator('[data-testid="preview"][data-status="ready"]').waitFor({ timeout: 15_000 });
    const dark = await dialog.getByTestId('preview-move').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-service'), r.getAttribute('data-to')]));
    expect(dark.sort()).toEqual(SERVICES.map((s) => [key(s), '']));
    expect(await dialog.getByTestId('preview-warning').textContent()).toContain('Pool e2e-moves loses its L2Advertisement');
    await screenshot(page, 'advertisement-delete-preview');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
});
