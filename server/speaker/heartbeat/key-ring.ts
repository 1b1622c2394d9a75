// The heartbeat keys of one process: signs with the newest key, accepts a tag made with any key
// seen since start (a rotated Secret reaches the speakers one watch apart: no split meanwhile),
// and remembers each frame's verdict, so speakers sharing a process (the simulated ones, handed
// the very same frame object by the virtual LAN) decode and verify it once.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { decodeHeartbeat, HEARTBEAT_TAG_LENGTH, type Heartbeat } from '../../../lib/packet';

export type RejectReason = 'truncated' | 'malformed' | 'unknownKey' | 'badTag' | 'replay' | 'unknownNode';
export const REJECT_REASONS: readonly RejectReason[] = ['truncated', 'malformed', 'unknownKey', 'badTag', 'replay', 'unknownNode'];

export type HeartbeatCheck = { ok: true; heartbeat: Heartbeat } | { ok: false; reason: RejectReason };

export interface KeyRing {
  /** Adds a key (a no-op when known) and makes it the one we sign with. */
  add(key: Uint8Array): void;
  hasKey(): boolean;
  /** 16 hex digits naming the signing key, or null. */
  keyId(): string | null;
  /** The truncated tag of `bytes` under the signing key. Throws without a key. */
  sign(bytes: Uint8Array): Uint8Array;
  /** Decodes the frame and checks its tag (memoised per frame object). */
  check(frame: Uint8Array): HeartbeatCheck;
  /** Called when the signing key changes. */
  subscribe(listener: () => void): () => void;
}

/** Keys kept for verification: the current one and three before it. */
const MAX_KEYS = 4;

export const keyIdOf = (key: Uint8Array): string => createHash('sha256').update(key).digest().subarray(0, 8).toString('hex');

export function createKeyRing(): KeyRing {
  const keys = new Map<string, Buffer>();
  let current: { id: string; key: Buffer } | null = null;
  let verdicts = new WeakMap<Uint8Array, HeartbeatCheck>();
  const listeners = new Set<() => void>();
  const tagOf = (key: Buffer, bytes: Uint8Array) => createHmac('sha256', key).update(bytes).digest().subarray(0, HEARTBEAT_TAG_LENGTH);

  const verify = (frame: Uint8Array): HeartbeatCheck => {
    const decoded = decodeHeartbeat(frame);
    if (!decoded.ok) return { ok: false, reason: decoded.error.code === 'truncated' ? 'truncated' : 'malformed' };
    const key = keys.get(decoded.value.heartbeat.keyId);
    if (!key) return { ok: false, reason: 'unknownKey' };
    if (!timingSafeEqual(tagOf(key, decoded.value.signed), decoded.value.tag)) return { ok: false, reason: 'badTag' };
    return { ok: true, heartbeat: decoded.value.heartbeat };
  };

  return {
    add(key) {
      const id = keyIdOf(key);
      if (current?.id === id) return;
      keys.delete(id);
      keys.set(id, Buffer.from(key));
      while (keys.size > MAX_KEYS) keys.delete(keys.keys().next().value as string);
      current = { id, key: Buffer.from(key) };
      verdicts = new WeakMap(); // a frame refused for its key may pass now
      for (const l of listeners) l();
    },
    hasKey: () => current !== null,
    keyId: () => current?.id ?? null,
    sign(bytes) {
      if (!current) throw new Error('no heartbeat key yet');
      return tagOf(current.key, bytes);
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
