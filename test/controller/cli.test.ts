// `ironlb controller`: argument parsing, and a run against the embedded API server until stopped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseControllerArgs, runController as runControllerCli } from '../../server/cli/controller';
import { cleanUp, createPool, createService, startCluster, waitForIPs, type Cluster } from './support';

describe('ironlb controller arguments', () => {
  const cases = [
    { name: 'defaults', args: [], want: { namespace: 'metallb-system', help: false } },
    { name: 'all options', args: ['--kubeconfig', '/k', '--namespace=lb', '--lb-class', 'x.io/lb', '--metrics-port', '0', '--metrics-host', '0.0.0.0'], want: { kubeconfig: '/k', namespace: 'lb', lbClass: 'x.io/lb', metricsPort: 0, metricsHost: '0.0.0.0' } },
    { name: 'metrics on loopback unless told', args: ['--metrics-port', '7472'], want: { metricsPort: 7472, metricsHost: '127.0.0.1' } },
    { name: 'short namespace flag', args: ['-n', 'other'], want: { namespace: 'other' } },
    { name: 'help', args: ['--help'], want: { help: true } },
  ];
  for (const c of cases) it(c.name, () => expect(parseControllerArgs(c.args)).toMatchObject(c.want));

  const errors = [
    { name: 'unknown option', args: ['--bogus'], want: 'unknown option "--bogus"' },
    { name: 'missing value', args: ['--kubeconfig'], want: '--kubeconfig needs a value' },
    { name: 'bad port', args: ['--metrics-port', 'http'], want: '--metrics-port needs a port number, got "http"' },
  ];
  for (const c of errors) it(`refuses: ${c.name}`, () => expect(parseControllerArgs(c.args)).toBe(c.want));
});

describe('ironlb controller against the embedded API server', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('allocates until stopped, then exits 0', async () => {
    const { kube, api } = cluster;
    const ac = new AbortController();
    const stderr: string[] = [];
    const exit = runControllerCli(['--kubeconfig', api.kubeconfigPath, '--log-level', 'silent'], { stderr: (s) => stderr.push(s), signal: ac.signal });
    await createPool(kube, 'cli', ['192.0.2.200/32']);
    await createService(kube, 'via-cli');
    await waitForIPs(kube, 'via-cli', ['192.0.2.200']);
    ac.abort();
    expect(await exit).toBe(0);
    expect(stderr).toEqual([]);
    await cleanUp(kube);
  });

  it('exits 1 with a message when the kubeconfig cannot be read', async () => {
    const stderr: string[] = [];
    const code = await runControllerCli(['--kubeconfig', '/nonexistent/kubeconfig'], { stderr: (s) => stderr.push(s) });
    expect(code).toBe(1);
    expect(stderr.join('')).toMatch(/^ironlb controller: .*nonexistent/);
  });
});
