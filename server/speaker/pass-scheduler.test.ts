import { describe, expect, it } from 'vitest';
import type { PassGate } from './pass-gate';
import { createPassScheduler, LATER_MS, PASS_GRACE_MS } from './pass-scheduler';

/**
 * Timers and a gate that run only when the test says so, so every interleaving can be forced.
 * The gate keeps one entry per speaker, a later enqueue replacing the earlier (the stricter
 * gate the embedded cluster had when issue 21 was found): the scheduler must be right on it too.
 */
function harness(withGate: boolean) {
  let clock = 0;
  const timeouts: { at: number; fn: () => void }[] = [];
  const immediates: (() => void)[] = [];
  const queue = new Map<string, () => void>();
  const gateFor = (id: string): PassGate => ({
    enqueue: (fn) => void queue.set(id, fn),
    isQueued: (fn) => queue.get(id) === fn,
  });
  const counts = new Map<string, number>();
  const make = (id: string) =>
    createPassScheduler({
      pass: () => void counts.set(id, (counts.get(id) ?? 0) + 1),
      gate: withGate ? gateFor(id) : undefined,
      now: () => clock,
      timers: { later: (fn, ms) => void timeouts.push({ at: clock + ms, fn }), soon: (fn) => void immediates.push(fn) },
    });
  const scheduler = make('node-c');
  return {
    scheduler,
    make,
    passes: (id = 'node-c') => counts.get(id) ?? 0,
    advance(ms: number) {
      clock += ms;
      for (const t of timeouts.filter((x) => x.at <= clock)) {
        timeouts.splice(timeouts.indexOf(t), 1);
        t.fn();
      }
    },
    turn() {
      for (const fn of immediates.splice(0)) fn();
      const queued = [...queue.values()];
      queue.clear();
      for (const fn of queued) fn();
    },
    queued: () => queue.size,
  };
}

describe('pass scheduler', () => {
  it('issue 21: a batched request firing while an urgent one waits at the gate still passes, and later requests still run', () => {
    const h = harness(true);
    h.scheduler.schedule(false); // our status echo: batched
    h.advance(LATER_MS - 1);
    h.scheduler.schedule(true); // the node was labelled: urgent, queued at the gate
    h.advance(1); // the batched timer fires while the urgent request is still queued
    h.turn();
    expect(h.passes()).toBe(1);
    h.scheduler.schedule(true);
    h.turn();
    expect(h.passes()).toBe(2);
  });

  it("a replaced speaker's late timer does not take its successor's turn (same node, restarted)", () => {
    // Two schedulers of one node on a real identity-keyed gate: the old one stops with a batched
    // pass due, the new one asks for an urgent pass, then the old timer fires.
    let clock = 0;
    const timeouts: (() => void)[] = [];
    const queue = new Set<() => void>();
    const gate: PassGate = { enqueue: (fn) => void queue.add(fn), isQueued: (fn) => queue.has(fn) };
    let oldPasses = 0;
    let newPasses = 0;
    const timers = { later: (fn: () => void) => void timeouts.push(fn), soon: (fn: () => void) => fn() };
    const old = createPassScheduler({ pass: () => void oldPasses++, gate, now: () => clock, timers });
    old.schedule(false);
    old.stop();
    const next = createPassScheduler({ pass: () => void newPasses++, gate, now: () => clock, timers });
    next.schedule(true);
    clock += LATER_MS;
    for (const fn of timeouts.splice(0)) fn();
    for (const fn of [...queue]) {
      queue.delete(fn);
      fn();
    }
    expect([oldPasses, newPasses]).toEqual([0, 1]);
  });

  it('several requests before the pass make one pass', () => {
    const h = harness(true);
    h.scheduler.schedule(true);
    h.scheduler.schedule(false);
    h.scheduler.schedule(true);
    h.turn();
    h.advance(LATER_MS);
    h.turn();
    expect(h.passes()).toBe(1);
  });

  it('without a gate, an urgent request overtakes a batched one and the batched timer adds no pass', () => {
    const h = harness(false);
    h.scheduler.schedule(false);
    h.scheduler.schedule(true);
    h.turn();
    expect(h.passes()).toBe(1);
    h.advance(LATER_MS);
    h.turn();
    expect(h.passes()).toBe(1);
  });

  it('a batched request alone waits for its timer', () => {
    const h = harness(false);
    h.scheduler.schedule(false);
    h.turn();
    expect(h.passes()).toBe(0);
    h.advance(LATER_MS);
    expect(h.passes()).toBe(1);
  });

  it('says a pass is coming while one is queued or just asked for, and not once it ran', () => {
    const h = harness(true);
    expect(h.scheduler.isPassComing()).toBe(false);
    h.scheduler.schedule(true);
    h.advance(PASS_GRACE_MS * 5);
    expect(h.scheduler.isPassComing()).toBe(true); // still queued at the gate
    h.turn();
    expect(h.scheduler.isPassComing()).toBe(false);
  });

  it('after stop nothing runs', () => {
    const h = harness(true);
    h.scheduler.schedule(true);
    h.scheduler.stop();
    h.turn();
    expect(h.passes()).toBe(0);
  });
});
