import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runConvert } from './convert';

const SEED = fileURLToPath(new URL('../../test/fixtures/seed-configmap.yaml', import.meta.url));

async function run(args: string[], stdinText = '') {
  let stdout = '';
  let stderr = '';
  const code = await runConvert(args, {
    stdin: Readable.from([Buffer.from(stdinText)]),
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
  });
  return { code, stdout, stderr };
}

const writeTemp = (text: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ironlb-convert-'));
  const file = path.join(dir, 'cm.yaml');
  writeFileSync(file, text);
  return file;
};

const docsOf = (text: string) => {
  const docs = parseAllDocuments(text);
  return (Array.isArray(docs) ? docs : [docs]).map((d) => d.toJS());
};

describe('ironlb convert on the seed ConfigMap', () => {
  it('prints an IPAddressPool and an L2Advertisement from FILE', async () => {
    const { code, stdout, stderr } = await run([SEED]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(docsOf(stdout)).toEqual([
      {
        apiVersion: 'metallb.io/v1beta1',
        kind: 'IPAddressPool',
        metadata: { name: 'my-ip-space', namespace: 'metallb-system' },
        spec: { addresses: ['10.20.13.15-10.20.13.20'], autoAssign: true, avoidBuggyIPs: false },
      },
      {
        apiVersion: 'metallb.io/v1beta1',
        kind: 'L2Advertisement',
        metadata: { name: 'l2advertisement1', namespace: 'metallb-system' },
        spec: { ipAddressPools: ['my-ip-space'] },
      },
    ]);
  });

  it('reads stdin for "-" and for no FILE, with the same output', async () => {
    const text = (await import('node:fs')).readFileSync(SEED, 'utf8');
    const fromFile = await run([SEED]);
    const dash = await run(['-'], text);
    const none = await run([], text);
    expect(dash.code).toBe(0);
    expect(none.code).toBe(0);
    expect(dash.stdout.replace(/^#.*\n/, '')).toBe(fromFile.stdout.replace(/^#.*\n/, ''));
    expect(none.stdout).toBe(dash.stdout);
  });

  it('puts the resources in the namespace given with -n', async () => {
    const { code, stdout } = await run([SEED, '-n', 'lb']);
    expect(code).toBe(0);
    expect(docsOf(stdout).map((d) => d.metadata.namespace)).toEqual(['lb', 'lb']);
  });
});

describe('ironlb convert failures: exit 1, one line naming the pool and the address', () => {
  const pools = (body: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\n  namespace: metallb-system\ndata:\n  config: |\n    address-pools:\n${body.replace(/^/gm, '    ')}\n`;
  it.each([
    ['bad YAML', 'kind: ConfigMap\ndata: [\n', /^ironlb convert: invalid YAML: .*\n$/],
    ['unknown protocol', pools('- name: web\n  protocol: layer3\n  addresses: [192.0.2.0/28]'), 'ironlb convert: unknown protocol "layer3" in pool "web"\n'],
    ['bad address', pools('- name: web\n  protocol: layer2\n  addresses: [192.0.2.10-192.0.2.1]'), 'ironlb convert: invalid IP range "192.0.2.10-192.0.2.1" in pool "web": start IP "192.0.2.10" is after the end IP "192.0.2.1"\n'],
    ['overlap', pools('- name: a\n  protocol: layer2\n  addresses: [192.0.2.0/24]\n- name: b\n  protocol: layer2\n  addresses: [192.0.2.7/32]'), 'ironlb convert: CIDR "192.0.2.7/32" in pool "b" overlaps with already defined CIDR "192.0.2.0/24" in pool "a"\n'],
    ['only BGP pools', pools('- name: routed\n  protocol: bgp\n  addresses: [198.51.100.0/24]'), 'ironlb convert: warning: pool "routed" uses protocol bgp, which ironlb does not support: not converted\nironlb convert: nothing to convert: no layer2 pools (ironlb supports Layer2 only)\n'],
  ])('%s', async (_name, text, stderr) => {
    const r = await run([writeTemp(text)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    if (stderr instanceof RegExp) expect(r.stderr).toMatch(stderr);
    else expect(r.stderr).toBe(stderr);
  });

  it('a missing file', async () => {
    const r = await run(['/nonexistent/cm.yaml']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'ironlb convert: cannot read "/nonexistent/cm.yaml": ENOENT\n' });
  });

  it('an unknown option', async () => {
    const r = await run(['--frobnicate']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('ironlb convert: unknown option "--frobnicate"');
  });
});

describe('ironlb convert with mixed layer2 and BGP pools', () => {
  it('converts the layer2 pools, exits 0 and reports the BGP pool on stderr and in the output header', async () => {
    const text = 'address-pools:\n- name: l2\n  protocol: layer2\n  addresses: [192.0.2.0/28]\n- name: routed\n  protocol: bgp\n  addresses: [198.51.100.0/24]\n';
    const r = await run(['-'], text);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('ironlb convert: warning: pool "routed" uses protocol bgp, which ironlb does not support: not converted\n');
    expect(r.stdout).toContain('# warning: pool "routed" uses protocol bgp');
    expect(docsOf(r.stdout).map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['IPAddressPool/l2', 'L2Advertisement/l2advertisement1']);
  });

  it('prints usage for --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: ironlb convert \[FILE\|-\]/);
  });
});
