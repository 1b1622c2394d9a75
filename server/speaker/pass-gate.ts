// Speakers sharing one thread (the embedded cluster's simulated speakers) take turns: one pass
// per event-loop turn, so lease renewals, the API server and the dashboard run between two
// speakers' passes instead of after a hundred of them. A speaker queued twice runs once.
export interface PassGate {
  /** Runs `pass` on a later turn, after the passes queued before it. */
  enqueue(id: string, pass: () => void): void;
}

export function createPassGate(): PassGate {
  const queue = new Map<string, () => void>();
  let running = false;
  const next = () => {
    const first = queue.entries().next();
    if (first.done) {
      running = false;
      return;
    }
    const [id, pass] = first.value;
    queue.delete(id);
    try {
      pass();
    } finally {
      // Scheduled from the check phase, this runs on the next turn: timers and I/O go first.
      setImmediate(next);
    }
  };
  return {
    enqueue(id, pass) {
      queue.set(id, pass);
      if (running) return;
      running = true;
      setImmediate(next);
    },
  };
}
