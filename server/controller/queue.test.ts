import { describe, expect, it } from 'vitest';
import { createWorkQueue } from './queue';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('work queue', () => {
  it('runs keys in the order first added, each once however often it was added', async () => {
    const q = createWorkQueue();
    const seen: string[] = [];
    for (const k of ['a', 'b', 'a', 'c', 'b']) q.add(k);
    const ac = new AbortController();
    const run = q.start(ac.signal, async (k) => void seen.push(k), 1);
    await q.idle();
    ac.abort();
    await run;
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('lists the queued keys in the order the workers will take them: once each, none taken', async () => {
    const q = createWorkQueue();
    for (const k of ['a', 'b', 'a', 'c', 'b']) q.add(k);
    expect(q.pending()).toEqual(['a', 'b', 'c']);
    const gate = deferred();
    const ac = new AbortController();
    const run = q.start(ac.signal, () => gate.promise, 1);
    await Promise.resolve();
    expect(q.pending()).toEqual(['b', 'c']); // 'a' is running
    q.add('a'); // while it runs: dirty, queued again only when it is done
    q.add('d');
    expect(q.pending()).toEqual(['b', 'c', 'd']);
    ac.abort();
    gate.resolve();
    await run;
  });

  it('never runs one key twice at the same time, and re-runs a key added while it ran', async () => {
    const q = createWorkQueue();
    const gate = deferred();
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const ac = new AbortController();
    const run = q.start(
      ac.signal,
      async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        runs++;
        if (runs === 1) {
          q.add('k'); // arrives while running
          q.add('k');
          await gate.promise;
        }
        active--;
      },
      4,
    );
    q.add('k');
    await new Promise((r) => setImmediate(r));
    gate.resolve();
    await q.idle();
    ac.abort();
    await run;
    expect(maxActive).toBe(1);
    expect(runs).toBe(2);
  });

  it('retries a failing key after a delay and stops retrying once it succeeds', async () => {
    const q = createWorkQueue({ baseMs: 5, capMs: 20 });
    let attempts = 0;
    const ac = new AbortController();
    const run = q.start(ac.signal, async () => {
      attempts++;
      if (attempts < 3) throw new Error('conflict');
    });
    q.add('k');
    await q.idle();
    ac.abort();
    await run;
    expect(attempts).toBe(3);
  });

  it('works keys in parallel up to the concurrency', async () => {
    const q = createWorkQueue();
    const gate = deferred();
    let active = 0;
    let maxActive = 0;
    const ac = new AbortController();
    const run = q.start(
      ac.signal,
      async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await gate.promise;
        active--;
      },
      3,
    );
    for (const k of ['a', 'b', 'c', 'd', 'e']) q.add(k);
    await new Promise((r) => setImmediate(r));
    expect(maxActive).toBe(3);
    gate.resolve();
    await q.idle();
    ac.abort();
    await run;
  });

  it('is drained when the work is done, even while a failing key waits for its retry; and once stopped', async () => {
    const q = createWorkQueue({ baseMs: 60_000, capMs: 60_000 });
    const gate = deferred();
    let drained = false;
    const ac = new AbortController();
    const run = q.start(ac.signal, async (k) => {
      if (k === 'slow') await gate.promise;
      if (k === 'bad') throw new Error('refused');
    }, 2);
    for (const k of ['bad', 'slow']) q.add(k);
    void q.drained().then(() => (drained = true));
    await new Promise((r) => setImmediate(r));
    expect(drained).toBe(false);
    gate.resolve();
    await q.drained();
    let idle = false;
    void q.idle().then(() => (idle = true));
    await new Promise((r) => setImmediate(r));
    expect(idle).toBe(false); // 'bad' waits a minute for its retry
    q.add('slow');
    const again = q.drained();
    ac.abort();
    await again;
    await run;
  });
});
