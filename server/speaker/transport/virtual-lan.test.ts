// Delivery rules of the in-memory Ethernet segment.
import { describe, expect, it } from 'vitest';
import { encodeArpFrame } from '../../../lib/packet';
import { VirtualLan } from './virtual-lan';

const settle = () => new Promise<void>((r) => setImmediate(r));

/** A minimal frame addressed to `dst`; the payload does not matter to the segment. */
const frameTo = (dst: string, src = '02:00:00:00:00:01') => {
  const f = encodeArpFrame({ dst, src }, { op: 'request', senderMac: src, senderIp: '198.51.100.1', targetMac: '00:00:00:00:00:00', targetIp: '198.51.100.2' });
  if (!f.ok) throw new Error(f.error.message);
  return f.value;
};

function lanWithThree() {
  const lan = new VirtualLan();
  const nics = ['a', 'b', 'c'].map((n, i) => lan.attach(n, `02:00:00:00:00:0${i + 1}`));
  const got: Record<string, number> = { a: 0, b: 0, c: 0 };
  nics.forEach((nic) => nic.onFrame(() => got[nic.ifname]++));
  return { lan, nics, got };
}

describe('virtual LAN delivery', () => {
  it.each([
    ['broadcast reaches everyone but the sender', 'ff:ff:ff:ff:ff:ff', { a: 0, b: 1, c: 1 }],
    ['unicast reaches only the owner of the MAC', '02:00:00:00:00:03', { a: 0, b: 0, c: 1 }],
    ['unicast to an unknown MAC reaches nobody', '02:00:00:00:00:09', { a: 0, b: 0, c: 0 }],
    ['all-nodes multicast reaches everyone', '33:33:00:00:00:01', { a: 0, b: 1, c: 1 }],
    ['a solicited-node group nobody joined reaches nobody', '33:33:ff:00:00:10', { a: 0, b: 0, c: 0 }],
  ])('%s', async (_name, dst, expected) => {
    const { nics, got } = lanWithThree();
    nics[0].send(frameTo(dst));
    await settle();
    expect(got).toEqual(expected);
  });

  it('delivers a solicited-node group only to NICs that joined it, refcounted per group', async () => {
    const { nics, got } = lanWithThree();
    // 2001:db8::10 and 2001:db8:1::10 share the low 24 bits, so one group.
    nics[1].joinSolicitedNode('2001:db8::10');
    nics[1].joinSolicitedNode('2001:db8:1::10');
    nics[1].leaveSolicitedNode('2001:db8::10');
    nics[0].send(frameTo('33:33:ff:00:00:10'));
    await settle();
    expect(got).toEqual({ a: 0, b: 1, c: 0 });
    nics[1].leaveSolicitedNode('2001:db8:1::10');
    nics[0].send(frameTo('33:33:ff:00:00:10'));
    await settle();
    expect(got).toEqual({ a: 0, b: 1, c: 0 });
  });

  it('delivers asynchronously, never inside send()', async () => {
    const { nics, got } = lanWithThree();
    nics[0].send(frameTo('ff:ff:ff:ff:ff:ff'));
    expect(got.b).toBe(0);
    await settle();
    expect(got.b).toBe(1);
  });

  it('a detached NIC reports ENXIO to its listeners and refuses to send', () => {
    const { nics } = lanWithThree();
    const errors: string[] = [];
    nics[0].onError((e) => errors.push(e.code));
    nics[0].detach();
    expect(errors).toEqual(['ENXIO']);
    expect(nics[0].send(frameTo('ff:ff:ff:ff:ff:ff'))).toMatchObject({ ok: false, error: { code: 'ENXIO' } });
  });

  it('makes up distinct, locally administered MACs and refuses a duplicate NIC name', () => {
    const lan = new VirtualLan();
    const macs = ['n1', 'n2', 'n3'].map((n) => lan.attach(n).mac);
    expect(new Set(macs).size).toBe(3);
    macs.forEach((m) => expect(parseInt(m.slice(0, 2), 16) & 0b11).toBe(0b10));
    expect(() => lan.attach('n1')).toThrow(/already has a NIC named n1/);
  });

  it('lets a tap see every frame with its sender', async () => {
    const { lan, nics } = lanWithThree();
    const tapped: string[] = [];
    lan.tap((_f, from) => tapped.push(from.nic));
    nics[2].send(frameTo('02:00:00:00:00:09'));
    await settle();
    expect(tapped).toEqual(['c']);
  });
});
