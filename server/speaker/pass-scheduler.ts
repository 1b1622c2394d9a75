// When a speaker runs its next reconcile pass. Urgent requests (a Service, Node, endpoint or
// config change) run on the next turn; others (our own status echoes) are batched over LATER_MS.
// A slow pass (thousands of services) is followed by a rest as long as itself, so a stream of
// changes is decided in batches and never takes more than half of the event loop.
//
// Every timer and every turn of a shared gate runs the same function, which passes whenever a
// pass is wanted: whichever fires first serves every request made so far. Issue 21 was the
// opposite: each request carried its own closure and the gate keeps one closure per speaker, so
// a batched request replaced a queued urgent one, then saw the urgent one wanted and did
// nothing; the speaker never passed again and the IPs it had just won went dark. For the same
// reason the gate queues passes by identity (pass-gate.ts), and a stopped scheduler's late
// timers queue nothing.
import type { PassGate } from './pass-gate';
import { monotonicNow } from './transport/clock';

/** Passes for our own status echoes are batched over this long. */
export const LATER_MS = 200;
/** A pass slower than this is followed by an equal rest before the next. */
export const SLOW_PASS_MS = 10;
/** A pass asked for less than this long ago is on its way (see isPassComing). */
export const PASS_GRACE_MS = 1000;

export interface PassSchedulerOptions {
  /** Runs one pass; the scheduler times it. */
  pass: () => void;
  /** Turns shared with other speakers of one thread (simulated speakers). */
  gate?: PassGate;
  now?: () => number;
  /** Injected by tests: setTimeout and setImmediate. */
  timers?: { later: (fn: () => void, ms: number) => void; soon: (fn: () => void) => void };
}

export interface PassScheduler {
  /** Asks for a pass: urgent on the next turn, else batched. */
  schedule(urgent: boolean): void;
  /** Runs the pass now, whatever was asked (the resync's correction). */
  runNow(): void;
  /** Whether a pass is asked for and will run by itself soon (queued, or asked just now). */
  isPassComing(): boolean;
  /** After stop(), nothing runs any more. */
  stop(): void;
}

const realTimers = { later: (fn: () => void, ms: number) => void setTimeout(fn, ms), soon: (fn: () => void) => void setImmediate(fn) };

export function createPassScheduler(opts: PassSchedulerOptions): PassScheduler {
  const now = opts.now ?? monotonicNow;
  const timers = opts.timers ?? realTimers;
  let pending: { urgent: boolean; since: number } | null = null;
  let stopped = false;
  /** Timers and turns armed and not fired yet: each will run a pass if one is wanted. */
  let armed = 0;
  /** How long the latest pass took (ms). */
  let cost = 0;

  const runNow = () => {
    pending = null;
    if (stopped) return;
    const started = performance.now();
    opts.pass();
    cost = performance.now() - started;
  };
  const passIfWanted = () => {
    if (pending) runNow();
  };
  const go = () => {
    armed--;
    if (stopped) return;
    if (opts.gate) opts.gate.enqueue(passIfWanted);
    else passIfWanted();
  };

  return {
    schedule(urgent) {
      if (stopped || (pending && (pending.urgent || !urgent))) return;
      pending = { urgent, since: pending?.since ?? now() };
      const delay = urgent ? (cost > SLOW_PASS_MS ? cost : 0) : LATER_MS;
      armed++;
      if (delay > 0) timers.later(go, delay);
      else if (opts.gate) go();
      else timers.soon(go);
    },
    runNow,
    // A busy machine may delay an armed timer or a queued turn for seconds: that is a pass on
    // its way, not a missed one (only a wanted pass with nothing armed or queued is stuck).
    isPassComing: () =>
      pending !== null && (armed > 0 || now() - pending.since < PASS_GRACE_MS || !!opts.gate?.isQueued(passIfWanted)),
    stop() {
      stopped = true;
    },
  };
}
