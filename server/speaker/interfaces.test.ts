// Interface eligibility reasons (SEMANTICS §4) and sysfs reading on a fake /sys tree.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyInterface, InterfaceWatcher, scanInterfaces, selectInterfaces, type InterfaceFacts } from './interfaces';

const UP_BROADCAST = 0x1003; // UP | BROADCAST | MULTICAST, what a plain NIC shows
const nic = (over: Partial<InterfaceFacts>): InterfaceFacts => ({
  name: 'eth0', flags: UP_BROADCAST, type: 1, operstate: 'up', mac: '02:00:00:00:00:01', master: null, ...over,
});

describe('interface eligibility (SEMANTICS §4)', () => {
  it.each<[string, InterfaceFacts, string]>([
    ['a plain NIC that is up', nic({}), 'eligible'],
    ['a bridge itself (br0)', nic({ name: 'br0' }), 'eligible'],
    ['a NIC whose driver says operstate unknown', nic({ operstate: 'unknown' }), 'eligible'],
    ['an administratively down NIC', nic({ flags: 0x1002 }), 'down'],
    ['a NIC without carrier', nic({ operstate: 'lowerlayerdown' }), 'noCarrier'],
    ['a NOARP interface', nic({ flags: UP_BROADCAST | 0x80 }), 'noArp'],
    ['a point-to-point link without broadcast', nic({ flags: 0x1091 & ~0x80 & ~0x2 }), 'notBroadcast'],
    ['a bridge port', nic({ master: 'bridge' }), 'bridgeMember'],
    ['a bond slave', nic({ master: 'bond' }), 'bondMember'],
    ['a VRF member', nic({ master: 'other' }), 'enslaved'],
    ['loopback', nic({ name: 'lo', type: 772, flags: 0x9 }), 'excludedName'],
    ['an IP tunnel', nic({ name: 'ipip0', type: 768 }), 'notEthernet'],
    ...['docker0', 'cbr0', 'dummy1', 'virbr0', 'lxcbr0', 'veth12ab', 'cali1234', 'tunl0', 'flannel.1', 'kube-ipvs0', 'cni0', 'nodelocaldns', 'lxc99'].map(
      (name): [string, InterfaceFacts, string] => [`MetalLB's excluded name ${name}`, nic({ name }), 'excludedName'],
    ),
  ])('%s -> %s', (_name, facts, expected) => {
    const v = classifyInterface(facts);
    expect(v.eligible ? 'eligible' : v.reason).toBe(expected);
  });

  it('takes a configured exclusion list instead of the default', () => {
    expect(classifyInterface(nic({ name: 'veth0' }), ['storage*']).eligible).toBe(true);
    expect(classifyInterface(nic({ name: 'storage1' }), ['storage*'])).toMatchObject({ eligible: false, reason: 'excludedName' });
  });

  it('restricts to the advertisement\'s interfaces and names the missing ones', () => {
    const scan = [classifyInterface(nic({ name: 'eth0' })), classifyInterface(nic({ name: 'eth1' })), classifyInterface(nic({ name: 'eth2', flags: 0 }))];
    expect(selectInterfaces(scan)).toEqual({ use: ['eth0', 'eth1'], missing: [] });
    expect(selectInterfaces(scan, ['eth1', 'eth2', 'bond0'])).toEqual({ use: ['eth1'], missing: ['eth2', 'bond0'] });
  });
});

describe('reading sysfs', () => {
  let root = '';
  afterEach(() => rm(root, { recursive: true, force: true }));

  async function fakeSysfs(entries: Record<string, { flags: string; type?: string; operstate?: string; extra?: string[] }>) {
    root = await mkdtemp(join(tmpdir(), 'ironlb-sysfs-'));
    for (const [name, e] of Object.entries(entries)) {
      const dir = join(root, name);
      await mkdir(dir);
      await writeFile(join(dir, 'flags'), `${e.flags}\n`);
      await writeFile(join(dir, 'type'), `${e.type ?? '1'}\n`);
      await writeFile(join(dir, 'operstate'), `${e.operstate ?? 'up'}\n`);
      await writeFile(join(dir, 'address'), '02:AA:00:00:00:01\n');
      for (const x of e.extra ?? []) await mkdir(join(dir, x));
    }
  }

  it('reads flags, type, operstate, MAC and bridge/bond membership', async () => {
    await fakeSysfs({ eth0: { flags: '0x1003' }, eth1: { flags: '0x1003', extra: ['brport'] }, eth2: { flags: '0x1003', extra: ['bonding_slave'] }, lo: { flags: '0x9', type: '772', operstate: 'unknown' } });
    expect(await scanInterfaces({ sysRoot: root })).toEqual([
      { name: 'eth0', mac: '02:aa:00:00:00:01', eligible: true },
      { name: 'eth1', mac: '02:aa:00:00:00:01', eligible: false, reason: 'bridgeMember' },
      { name: 'eth2', mac: '02:aa:00:00:00:01', eligible: false, reason: 'bondMember' },
      { name: 'lo', mac: '02:aa:00:00:00:01', eligible: false, reason: 'excludedName' },
    ]);
  });

  it('a rescan reports an interface going down', async () => {
    await fakeSysfs({ eth0: { flags: '0x1003' } });
    const changes: string[] = [];
    const watcher = new InterfaceWatcher({ sysRoot: root, onChange: (cur) => changes.push(cur.map((e) => (e.eligible ? e.name : `${e.name}:${e.reason}`)).join()) });
    await watcher.rescan();
    await watcher.rescan();
    await writeFile(join(root, 'eth0', 'flags'), '0x1002\n');
    await watcher.rescan();
    expect(changes).toEqual(['eth0', 'eth0:down']);
  });
});
