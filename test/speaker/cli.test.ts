// `ironlb speaker` start-up: a missing piece is named once with a non-zero exit, never a crash.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpeakerArgs, runSpeaker } from '../../server/cli/speaker';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('ironlb speaker command line', () => {
  it('reads --node, repeated --interface and --kubeconfig', () => {
    expect(
      parseSpeakerArgs(['--node', 'n1', '--interface', 'eth0', '--interface=eth1', '--kubeconfig', '/k'], {}),
    ).toMatchObject({
      node: 'n1',
      interfaces: ['eth0', 'eth1'],
      kubeconfig: '/k',
    });
  });

  it('takes the node name from NODE_NAME (a DaemonSet sets it from spec.nodeName)', () => {
    expect(parseSpeakerArgs([], { NODE_NAME: 'n7' })).toMatchObject({ node: 'n7' });
  });

  it('without a node name it explains and exits 1', async () => {
    let err = '';
    const code = await runSpeaker([], { stderr: (s) => void (err += s) });
    expect(code).toBe(1);
    expect(err).toContain('--node is required');
  });

  it('without CAP_NET_RAW it says so and exits 2 (no stack trace, no retry loop)', () => {
    // setpriv drops NET_RAW from the bounding set, so the child starts without it even as root.
    const r = spawnSync(
      'setpriv',
      [
        '--bounding-set=-net_raw',
        '--',
        process.execPath,
        join(ROOT, 'bin/ironlb.mjs'),
        'speaker',
        '--node',
        'n1',
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('needs CAP_NET_RAW');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
