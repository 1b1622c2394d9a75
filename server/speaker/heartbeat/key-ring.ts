// The heartbeat keys of one process. Frames are tagged with the newest key, and for a while
// after a rotation with the previous one too: a speaker that has not seen the new Secret yet
// still hears us, and so does one restarted with only the new key. A tag made with any key seen
// since start is accepted. Each frame's verdict is remembered, so speakers sharing a process
// (the simulated ones, handed the very same frame object by the virtual LAN) check it once.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { decodeHeartbeat, HEARTBEAT_TAG_LENGTH, type Heartbeat, type HeartbeatSigner } from '../../../lib/packet';
import { monotonicNow } from '../transport/clock';

export type RejectReason = 'truncated' | 'malformed' | 'unknownKey' | 'badTag' | 'replay' | 'unknownNode';
export const REJECT_REASONS: readonly RejectReason[] = ['truncated', 'malformed', 'unknownKey', 'badTag', 'replay', 'unknownNode'];

export type HeartbeatCheck = { ok: true; heartbeat: Heartbeat } | { ok: false; reason: RejectReason };

export interface KeyRing {
  /** Adds a key (a no-op when it is the current one) and makes it the one we sign with. */
  add(key: Uint8Array): void;
  hasKey(): boolean;
  /** 16 hex digits naming the current key, or null. */
  keyId(): string | null;
  /** The keys a frame is tagged with now: the current one, and the previous one during a rotation. */
  signers(): HeartbeatSigner[];
  /** Decodes the frame and checks its tags (memoised per frame object). */
  check(frame: Uint8Array): HeartbeatCheck;
  /** Called when the current key changes. */
  subscribe(listener: () => void): () => void;
}

/** Keys kept for verification: the current one and three before it. */
const MAX_KEYS = 4;
/**
 * How long frames carry the previous key's tag too after a rotation: every running speaker
 * sees the new Secret within a watch delivery, unless it is cut off from the API that long.
 */
export const ROTATION_GRACE_MS = 120_000;

export const keyIdOf = (key: Uint8Array): string => createHash('sha256').update(key).digest().subarray(0, 8).toString('hex');

const tagOf = (key: Buffer, bytes: Uint8Array) => createHmac('sha256', key).update(bytes).digest().subarray(0, HEARTBEAT_TAG_LENGTH);

/** Distinct names kept by the interner below before it starts over (a cluster has far fewer). */
const INTERNED_LIMIT = 10_000;

/**
 * Returns one string object per distinct text. Every receiver keys its tables by a heartbeat's
 * node, interface and instance, and hash lookups were a third of a delivery's cost (a hundred
 * simulated speakers); with the decoded strings fresh per frame, each lookup also compared the
 * text byte by byte. Handing every receiver the string object first seen makes that compare a
 * pointer compare (measured: about 3.4 µs a delivery before, 2.9 after). Done once per frame,
 * where the verdict is memoised.
 */
function createInterner(): (text: string) => string {
  let known = new Map<string, string>();
  return (text) => {
    const seen = known.get(text);
    if (seen !== undefined) return seen;
    if (known.size >= INTERNED_LIMIT) known = new Map();
    known.set(text, text);
    return text;
  };
}

export function createKeyRing(now: () => number = monotonicNow): KeyRing {
  const keys = new Map<string, Buffer>();
  let current: HeartbeatSigner | null = null;
  let previous: { signer: HeartbeatSigner; until: number } | null = null;
  let verdicts = new WeakMap<Uint8Array, HeartbeatCheck>();
  const listeners = new Set<() => void>();
  const intern = createInterner();

  /** The heartbeat with its names as the one string object per text (see createInterner). */
  const interned = (hb: Heartbeat): Heartbeat => ({
    ...hb,
    src: intern(hb.src),
    instance: intern(hb.instance),
    node: intern(hb.node),
    ifname: intern(hb.ifname),
    echoes: hb.echoes.length === 0 ? hb.echoes : hb.echoes.map((e) => ({ ...e, instance: intern(e.instance) })),
  });

  const verify = (frame: Uint8Array): HeartbeatCheck => {
    const decoded = decodeHeartbeat(frame);
    if (!decoded.ok) return { ok: false, reason: decoded.error.code === 'truncated' ? 'truncated' : 'malformed' };
    let known = false;
    for (const t of decoded.value.tags) {
      const key = keys.get(t.keyId);
      if (!key) continue;
      known = true;
      if (timingSafeEqual(tagOf(key, decoded.value.signed), t.tag)) return { ok: true, heartbeat: interned(decoded.value.heartbeat) };
    }
    return { ok: false, reason: known ? 'badTag' : 'unknownKey' };
  };

  return {
    add(key) {
      const id = keyIdOf(key);
      if (current?.keyId === id) return;
      const bytes = Buffer.from(key);
      keys.delete(id);
      keys.set(id, bytes);
      while (keys.size > MAX_KEYS) keys.delete(keys.keys().next().value as string);
      if (current) previous = { signer: current, until: now() + ROTATION_GRACE_MS };
      current = { keyId: id, sign: (b) => tagOf(bytes, b) };
      verdicts = new WeakMap(); // a frame refused for its key may pass now
      for (const l of listeners) l();
    },
    hasKey: () => current !== null,
    keyId: () => current?.keyId ?? null,
    signers() {
      if (!current) return [];
      if (previous && now() < previous.until) return [current, previous.signer];
      previous = null;
      return [current];
    },
    check(frame) {
      let v = verdicts.get(frame);
      if (!v) verdicts.set(frame, (v = verify(frame)));
      return v;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
