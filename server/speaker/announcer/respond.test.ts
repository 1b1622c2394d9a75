// Which frames get an answer, and what the answer looks like on the wire.
import { describe, expect, it } from 'vitest';
import { buildArpRequest, buildGratuitousArp, buildNeighborSolicitation, buildUnsolicitedAdvertisement, decodeFrame, encodeArpFrame, encodeNdpFrame, ipv4ToNumber, parseMac } from '../../../lib/packet';
import { decideResponse } from './respond';

const ME = '02:00:00:00:00:01';
const OTHER = '02:00:00:00:00:99';
const ROUTER = '02:00:00:00:00:fe';
const VIP4 = '203.0.113.10';
const VIP6 = '2001:db8::10';
const me = {
  mac: ME,
  macBytes: (parseMac(ME) as { ok: true; value: Uint8Array }).value,
  isAnnounced: (ip: string) => ip === VIP4 || ip === VIP6,
  isAnnouncedV4: (ip: number) => ip === ipv4ToNumber(VIP4),
};

const decode = (r: { ok: true; value: Uint8Array } | { ok: false }): Uint8Array => {
  if (!r.ok) throw new Error('fixture did not encode');
  return r.value;
};

const arpRequest = (dst: string, targetIp = VIP4) =>
  decode(encodeArpFrame({ dst, src: ROUTER }, { op: 'request', senderMac: ROUTER, senderIp: '198.51.100.1', targetMac: '00:00:00:00:00:00', targetIp }));
const ns = (over: { srcIp?: string; sourceMac?: string; dst?: string; targetIp?: string }) =>
  decode(encodeNdpFrame(
    { dst: over.dst ?? '33:33:ff:00:00:10', src: ROUTER },
    { type: 'ns', srcIp: over.srcIp ?? '2001:db8::1', dstIp: 'ff02::1:ff00:10', targetIp: over.targetIp ?? VIP6, ...(over.sourceMac === undefined ? { sourceMac: ROUTER } : over.sourceMac ? { sourceMac: over.sourceMac } : {}) },
  ));

describe('which frames the speaker answers', () => {
  it.each([
    ['a broadcast ARP request for an announced IP', 'reply', arpRequest('ff:ff:ff:ff:ff:ff')],
    ['a unicast ARP request to our MAC (cache refresh)', 'reply', arpRequest(ME)],
    ['a unicast ARP request to another MAC', 'ethernetDestination', arpRequest(OTHER)],
    ['an ARP request for an IP we do not announce', 'notAnnounced', arpRequest('ff:ff:ff:ff:ff:ff', '203.0.113.99')],
    ['an ARP reply, even for our IP', 'arpReply', decode(buildGratuitousArp({ mac: OTHER, ip: VIP4, op: 'reply' }))],
    ['an NS with a source link-layer option', 'reply', decode(buildNeighborSolicitation({ mac: ROUTER, srcIp: '2001:db8::1', targetIp: VIP6 }))],
    ['an NS sent unicast to our MAC', 'reply', ns({ dst: ME })],
    ['an NS sent unicast to another MAC', 'ethernetDestination', ns({ dst: OTHER })],
    ['a DAD probe (source ::)', 'dadProbe', ns({ srcIp: '::', sourceMac: '' })],
    ['an NS without a source link-layer option', 'noSourceLinkAddress', ns({ sourceMac: '' })],
    ['an NS for an IP we do not announce', 'notAnnounced', ns({ targetIp: '2001:db8::99' })],
    ['a neighbour advertisement', 'messageType', decode(buildUnsolicitedAdvertisement({ mac: OTHER, ip: VIP6 }))],
    ['a cut-off ARP frame', 'undecodable', arpRequest('ff:ff:ff:ff:ff:ff').slice(0, 30)],
    ['an NS with a bad checksum', 'undecodable', (() => { const f = ns({}).slice(); f[60] ^= 1; return f; })()],
  ])('%s -> %s', (_name, expected, frame) => {
    const r = decideResponse(frame, me);
    expect(r.action === 'silent' ? r.reason : r.action).toBe(expected);
  });

  it('answers ARP from our MAC to the asker, with the VIP as sender', () => {
    const r = decideResponse(decode(buildArpRequest({ mac: ROUTER, senderIp: '198.51.100.1', targetIp: VIP4 })), me);
    const reply = r.action === 'reply' ? decodeFrame(r.frame) : undefined;
    expect(reply?.ok && reply.value).toMatchObject({
      eth: { dst: ROUTER, src: ME },
      arp: { op: 'reply', senderMac: ME, senderIp: VIP4, targetMac: ROUTER, targetIp: '198.51.100.1' },
    });
  });

  it('answers NS with a solicited NA carrying our MAC as target link-layer address', () => {
    const r = decideResponse(ns({}), me);
    const reply = r.action === 'reply' ? decodeFrame(r.frame) : undefined;
    expect(reply?.ok && reply.value).toMatchObject({
      eth: { dst: ROUTER, src: ME },
      ndp: { type: 'na', dstIp: '2001:db8::1', targetIp: VIP6, solicited: true, override: true, targetMac: ME },
    });
  });
});
