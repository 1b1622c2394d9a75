// Speakers sharing one thread (the embedded cluster's simulated speakers) take turns: one pass
// per event-loop turn, so lease renewals, the API server and the dashboard run between two
// speakers' passes instead of after a hundred of them. A pass queued twice runs once.
//
// Passes are queued by identity, never by a name: a speaker being replaced (a Node deleted and
// re-created, a restart) and its successor share a node name, and a late timer of the old one
// must not take the new one's place in the queue (found by the speakers' property test).
//
// A slow pass (thousands of services) is followed by a rest as long as itself before the next
// speaker's, so the speakers together, not each one, take at most half of the event loop. Each
// speaker's own rest (pass-scheduler.ts) overlapped the others' passes: with three speakers the
// passes ran back to back, and the controller's writes to the API server in the same thread got a
// turn only between two of them (profiled: 10,000 new services, passes 30 % of the worker's CPU,
// the controller's own work 1 %, the last IP 77 s after the last create).

/** A pass slower than this is followed by an equal rest (the scheduler's SLOW_PASS_MS). */
export const GATE_SLOW_PASS_MS = 10;

export interface PassGate {
  /** Runs `pass` on a later turn, after the passes queued before it. */
  enqueue(pass: () => void): void;
  /** Whether `pass` waits for its turn. */
  isQueued(pass: () => void): boolean;
}

export function createPassGate(): PassGate {
  const queue = new Set<() => void>();
  let running = false;
  const next = () => {
    const first = queue.values().next();
    if (first.done) {
      running = false;
      return;
    }
    const pass = first.value;
    queue.delete(pass);
    const started = performance.now();
    try {
      pass();
    } finally {
      // Scheduled from the check phase, this runs on the next turn: timers and I/O go first.
      const took = performance.now() - started;
      if (took > GATE_SLOW_PASS_MS) setTimeout(next, took);
      else setImmediate(next);
    }
  };
  return {
    isQueued: (pass) => queue.has(pass),
    enqueue(pass) {
      queue.add(pass);
      if (running) return;
      running = true;
      setImmediate(next);
    },
  };
}
