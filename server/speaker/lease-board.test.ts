// The lease board against a scripted lease source and a local clock: what wakes the speakers
// and what does not, and when a silent lease's time runs out.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InformerEvent, KubeObject } from '../kube';
import { createLeaseBoard, type LeaseBoard } from './lease-board';
import { monotonicNow } from './transport/clock';
import type { SourceChange, SpeakerSources } from './sources';

const DURATION = 2000;

function leaseSource() {
  const listeners = new Set<(c: SourceChange) => void>();
  const current = new Map<string, KubeObject>();
  const lease = (node: string, renewedAt: number): KubeObject => ({
    metadata: { name: `ironlb-speaker-${node}`, labels: { 'ironlb.io/node': node } },
    spec: { holderIdentity: node, renewTime: new Date(renewedAt).toISOString(), leaseDurationSeconds: DURATION / 1000 },
  } as KubeObject);
  const emit = (event: InformerEvent<KubeObject>) => {
    for (const l of listeners) l({ kind: 'leases', event });
  };
  return {
    sources: {
      informers: { leases: { list: () => [...current.values()] } },
      subscribe(l: (c: SourceChange) => void) {
        listeners.add(l);
        return () => void listeners.delete(l);
      },
    } as unknown as SpeakerSources,
    renew(node: string, at: number) {
      const object = lease(node, at);
      const old = current.get(node);
      current.set(node, object);
      emit({ type: old ? 'modified' : 'added', key: node, object, old });
    },
    remove(node: string) {
      const old = current.get(node);
      if (!old) return;
      current.delete(node);
      emit({ type: 'deleted', key: node, object: old, old });
    },
  };
}

describe('lease board', () => {
  let board: LeaseBoard | undefined;
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => {
    board?.close();
    vi.useRealTimers();
  });

  it('every node sees the same live set, each with its own standing', () => {
    const src = leaseSource();
    src.renew('a', monotonicNow());
    src.renew('b', monotonicNow());
    board = createLeaseBoard(src.sources);
    const a = board.view('a');
    expect([...a.live].sort()).toEqual(['a', 'b']);
    expect(a.reason).toBe('normal');
    expect(board.view('b').live).toBe(a.live);
    expect(board.view('c').reason).toBe('starting');
  });

  it('a renewal that changes nothing wakes nobody; a join, an expiry and a clean stop do', () => {
    const src = leaseSource();
    board = createLeaseBoard(src.sources);
    const wakes = vi.fn();
    board.subscribe(wakes);
    src.renew('a', monotonicNow());
    src.renew('b', monotonicNow());
    expect(wakes).toHaveBeenCalledTimes(2); // two joins
    for (let t = 1; t <= 6; t++) {
      vi.advanceTimersByTime(500);
      src.renew('a', monotonicNow());
      if (t <= 2) src.renew('b', monotonicNow()); // b stops renewing after 1 s (a crash)
    }
    // b's last renewal was 2 s ago at t=3 s: out once a's next renewal proves the view fresh.
    expect([...board.view('a').live]).toEqual(['a']);
    expect(wakes).toHaveBeenCalledTimes(3);
    src.remove('a');
    expect(board.view('a').reason).toBe('starting');
    expect(wakes).toHaveBeenCalledTimes(4);
  });

  it('with nobody renewing (the API server gone), a lease past its time is kept', () => {
    const src = leaseSource();
    src.renew('a', monotonicNow());
    src.renew('b', monotonicNow());
    board = createLeaseBoard(src.sources);
    vi.advanceTimersByTime(DURATION * 3);
    const view = board.view('a');
    expect([...view.live].sort()).toEqual(['a', 'b']);
    expect(view.reason).toBe('stale');
  });
});
