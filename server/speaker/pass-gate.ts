// Speakers sharing one thread (the embedded cluster's simulated speakers) take turns: one pass
// per event-loop turn, so lease renewals, the API server and the dashboard run between two
// speakers' passes instead of after a hundred of them. A pass queued twice runs once.
//
// Passes are queued by identity, never by a name: a speaker being replaced (a Node deleted and
// re-created, a restart) and its successor share a node name, and a late timer of the old one
// must not take the new one's place in the queue (found by the speakers' property test).
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
    try {
      pass();
    } finally {
      // Scheduled from the check phase, this runs on the next turn: timers and I/O go first.
      setImmediate(next);
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
