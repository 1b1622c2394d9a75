// The heartbeat codec against untrusted bytes (as the ARP/NDP codecs are in fuzz.test.ts): it
// never throws, every truncation and every appended byte is refused, and no single-byte change
// of a signed frame both decodes and still carries a valid tag.
import { createHmac, timingSafeEqual } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMac } from './addresses';
import { decodeHeartbeat, encodeHeartbeat, HEARTBEAT_MAC, isHeartbeatFrame, MAX_HEARTBEAT_ECHOES, type Heartbeat, type HeartbeatSigner } from './heartbeat';

const signer = (text: string, keyId: string): HeartbeatSigner => ({ keyId, sign: (bytes) => createHmac('sha256', Buffer.from(text)).update(bytes).digest() });
const KEYS = [signer('a shared key of the test, 32 b!!', '0123456789abcdef'), signer('the previous key of the test ...', 'fedcba9876543210')];
/** Every tag of the frame checks out under its key. */
const verifies = (frame: Uint8Array): boolean => {
  const d = decodeHeartbeat(frame);
  if (!d.ok) return false;
  return d.value.tags.every((t) => {
    const s = KEYS.find((k) => k.keyId === t.keyId);
    return s !== undefined && timingSafeEqual(s.sign(d.value.signed).subarray(0, 16), t.tag);
  });
};

const BASE: Heartbeat = {
  src: '02:00:00:00:00:0b',
  kind: 'alive',
  ready: true,
  intervalMs: 200,
  instance: 'fedcba9876543210',
  seq: 41,
  node: 'node-1',
  ifname: 'eth0',
  echoes: [{ instance: '00000000000000aa', seq: 7, request: true }],
};
const encoded = (h: Heartbeat = BASE, signers = KEYS) => {
  const f = encodeHeartbeat(h, signers);
  if (!f.ok) throw new Error(f.error.message);
  return f.value;
};

const hex16 = fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => Buffer.from(b).toString('hex'));
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
const heartbeat: fc.Arbitrary<Heartbeat> = fc.record({
  src: fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => formatMac(b)),
  kind: fc.constantFrom('alive' as const, 'leaving' as const),
  ready: fc.boolean(),
  intervalMs: fc.integer({ min: 1, max: 65535 }),
  instance: hex16,
  seq: fc.integer({ min: 0, max: 0xffffffff }),
  node: fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join('.')),
  ifname: fc.stringMatching(/^[a-z][a-z0-9.@_-]{0,14}$/),
  echoes: fc.array(fc.record({ instance: hex16, seq: fc.integer({ min: 0, max: 0xffffffff }), request: fc.boolean() }), { maxLength: 20 }),
});

describe('heartbeat frames', () => {
  it('go to the heartbeat group MAC on EtherType 0x88B5 and decode to what was encoded', () => {
    fc.assert(
      fc.property(heartbeat, fc.integer({ min: 1, max: 2 }), (h, tags) => {
        const frame = encoded(h, KEYS.slice(0, tags));
        expect(formatMac(frame, 0)).toBe(HEARTBEAT_MAC);
        expect([frame[12], frame[13]]).toEqual([0x88, 0xb5]);
        expect(isHeartbeatFrame(frame)).toBe(true);
        const d = decodeHeartbeat(frame);
        expect(d.ok && d.value.heartbeat).toEqual(h);
        expect(d.ok && d.value.tags.map((t) => t.keyId)).toEqual(KEYS.slice(0, tags).map((k) => k.keyId));
        expect(verifies(frame)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('refuse to encode what they cannot carry', () => {
    const bad: Partial<Heartbeat>[] = [
      { intervalMs: 0 },
      { intervalMs: 70_000 },
      { instance: 'xyz' },
      { seq: -1 },
      { node: 'Node_1' },
      { node: 'a'.repeat(254) },
      { ifname: '' },
      { ifname: 'a/b' },
      { ifname: 'a-very-long-name0' },
      { echoes: Array.from({ length: MAX_HEARTBEAT_ECHOES + 1 }, () => ({ instance: '00000000000000aa', seq: 1, request: false })) },
    ];
    for (const b of bad) expect(encodeHeartbeat({ ...BASE, ...b }, KEYS).ok, JSON.stringify(b)).toBe(false);
    expect(encodeHeartbeat(BASE, []).ok).toBe(false);
    expect(encodeHeartbeat(BASE, [...KEYS, KEYS[0]]).ok).toBe(false);
    expect(encodeHeartbeat(BASE, [signer('k', 'not-hex')]).ok).toBe(false);
  });

  it('random bytes, and random bytes behind a real header, never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => void decodeHeartbeat(bytes)), { numRuns: 5000 });
    const head = encoded().slice(0, 34);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => void decodeHeartbeat(Uint8Array.from([...head, ...tail]))),
      { numRuns: 5000 },
    );
  });

  it('every truncation is refused, and so is any byte appended', () => {
    const frame = encoded();
    for (let n = 0; n < frame.length; n++) expect(decodeHeartbeat(frame.slice(0, n)).ok, `prefix ${n}`).toBe(false);
    expect(decodeHeartbeat(Uint8Array.from([...frame, 0])).ok).toBe(false);
  });

  it('no single-byte change of a signed frame decodes with valid tags', () => {
    const frame = encoded();
    fc.assert(
      fc.property(fc.nat(frame.length - 1), fc.integer({ min: 1, max: 255 }), (at, delta) => {
        const copy = frame.slice();
        copy[at] = (copy[at] + delta) & 0xff;
        expect(verifies(copy)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });
});
