// `ironlb preview`: what it refuses before asking the dashboard, and how it prints an answer.
// The round trip through the dashboard's route is in test/routes/preview.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { summarisePreview, type ConfigPreview } from '../../lib/views';
import { formatPreview, runPreview } from './preview';

const unreachable = (() => {
  throw new Error('no request expected');
}) as unknown as typeof fetch;

async function run(args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runPreview(args, {
    stdin: Readable.from([Buffer.from(opts.stdin ?? '')]),
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: opts.env ?? {},
    fetch: unreachable,
  });
  return { code, stdout, stderr };
}

const file = (text: string) => {
  const p = path.join(mkdtempSync(path.join(tmpdir(), 'ironlb-preview-')), 'pool.yaml');
  writeFileSync(p, text);
  return p;
};

describe('ironlb preview arguments', () => {
  it('prints its usage with --help, exit 0', async () => {
    const r = await run(['--help']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^usage: ironlb preview -f FILE \[--delete\]/);
  });

  it.each([
    ['an unknown option', ['-f', 'x.yaml', '--bogus'], 'ironlb preview: unknown option "--bogus"\nusage: ironlb preview'],
    ['no file', [], 'ironlb preview: -f FILE is required\nusage: ironlb preview'],
    ['-f without a value', ['-f'], 'ironlb preview: -f needs a value'],
    ['a stray argument', ['pool.yaml'], 'ironlb preview: unexpected argument "pool.yaml" (the file goes after -f)'],
    ['a bad output format', ['-f', 'x', '-o', 'wide'], 'ironlb preview: -o must be text or json (got "wide")'],
    ['a missing file', ['-f', '/nonexistent/pool.yaml'], 'ironlb preview: cannot read "/nonexistent/pool.yaml": ENOENT'],
  ])('refuses %s, exit 1', async (_name, args, start) => {
    const r = await run(args);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(start)).toBe(true);
  });

  it('names the line of a YAML error in the file', async () => {
    const p = file('apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: [lab\nspec: {}\n');
    const r = await run(['-f', p], { env: { IRONLB_TOKEN: 't' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^ironlb preview: ${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5: `));
  });

  it('asks for a token before calling the dashboard', async () => {
    const r = await run(['-f', '-'], { stdin: 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: x}\n' });
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'ironlb preview: an API token is needed: --token TOKEN or IRONLB_TOKEN (make one with "ironlb user token NAME")\n' });
  });
});

describe('formatPreview', () => {
  it('prints the sentence, the IP changes, the announcer moves and the uncovered pools', () => {
    const base = {
      changes: [{ op: 'apply' as const, kind: 'IPAddressPool' as const, name: 'lab' }],
      ipChanges: [
        { service: 'default/web', before: ['192.0.2.1'], after: ['192.0.2.9'], poolBefore: 'lab', poolAfter: 'lab' },
        { service: 'shop/api', before: ['192.0.2.2'], after: [], poolBefore: 'lab', poolAfter: null, reason: 'no available IPs' },
      ],
      announcerMoves: [{ service: 'default/web', ip: '192.0.2.9', from: 'node01', to: 'node02' }],
      poolsLosingAdvertisement: ['old'],
      newPoolsWithoutAdvertisement: [],
      servicesConsidered: 3,
      warnings: [],
    };
    const preview: ConfigPreview = { ...base, summary: summarisePreview(base) };
    expect(formatPreview(preview)).toBe(
      [
        'applying IPAddressPool lab: 1 service loses its IP (pending), 1 service changes IP, 1 service moves to another node, pool old loses its L2Advertisement',
        '',
        'SERVICE       IP BEFORE   IP AFTER    POOL   WHY',
        'default/web   192.0.2.1   192.0.2.9   lab',
        'shop/api      192.0.2.2   <pending>   lab    no available IPs',
        '',
        'SERVICE       IP          FROM     TO       WHY',
        'default/web   192.0.2.9   node01   node02',
        '',
        'pool old would lose its L2Advertisement: its IPs stay allocated but no node announces them',
        '',
      ].join('\n'),
    );
  });
});
