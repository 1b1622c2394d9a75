// What the cause classifier needs to know about nodes over time: each node's election facts and
// counters of its speaker's transitions (clean stops, Lease expiries, starts), kept as a short
// timeline per node so "how was node02 when node01 took over" can be answered later.
import type { NodeSnapshot, SpeakerPresence } from '../../lib/history';

export interface NodeObservation {
  exists: boolean;
  excluded: boolean;
  networkUnavailable: boolean;
  labels: string;
  /** null: no Lease. */
  lease: { live: boolean; instance: string | null } | null;
}

interface Point {
  at: number;
  snap: NodeSnapshot;
  instance: string | null;
}

/** Enough for hours of an ordinary node; an older question gets the oldest answer kept. */
const KEEP_PER_NODE = 64;

export class NodeTracker {
  private readonly timelines = new Map<string, Point[]>();
  /** Nodes first seen after start-up joined the cluster then; the others were there "always". */
  private readonly joinedAt = new Map<string, number>();
  private settled = false;

  /** After this, a node seen for the first time is a node that joined. */
  settle(): void {
    this.settled = true;
  }

  observe(node: string, o: NodeObservation, at: number): void {
    const line = this.timelines.get(node);
    const last = line?.[line.length - 1];
    const speaker: SpeakerPresence = !o.lease ? 'absent' : o.lease.live ? 'live' : 'down';
    const prev = last?.snap;
    const instance = o.lease?.instance ?? null;
    const restarted = prev !== undefined && speaker === 'live' && (prev.speaker !== 'live' || (last!.instance !== null && instance !== null && instance !== last!.instance));
    const snap: NodeSnapshot = {
      exists: o.exists,
      excluded: o.excluded,
      networkUnavailable: o.networkUnavailable,
      labels: o.labels,
      speaker,
      stops: (prev?.stops ?? 0) + (prev && prev.speaker !== 'absent' && speaker === 'absent' ? 1 : 0),
      expiries: (prev?.expiries ?? 0) + (prev?.speaker === 'live' && speaker === 'down' ? 1 : 0),
      starts: (prev?.starts ?? 0) + (restarted ? 1 : 0),
    };
    if (prev && sameSnapshot(prev, snap) && last!.instance === instance) return;
    if (!line) {
      this.timelines.set(node, [{ at, snap, instance }]);
      if (this.settled) this.joinedAt.set(node, at);
      return;
    }
    line.push({ at, snap, instance });
    if (line.length > KEEP_PER_NODE) line.splice(0, line.length - KEEP_PER_NODE);
  }

  now(node: string): NodeSnapshot | undefined {
    const line = this.timelines.get(node);
    return line?.[line.length - 1].snap;
  }

  /** The node as it was at `t`; undefined when it had not joined yet. */
  at(node: string, t: number): NodeSnapshot | undefined {
    const line = this.timelines.get(node);
    if (!line) return undefined;
    const joined = this.joinedAt.get(node);
    if (joined !== undefined && t < joined) return undefined;
    let found = line[0];
    for (const p of line) {
      if (p.at > t) break;
      found = p;
    }
    return found.snap;
  }

  known(): string[] {
    return [...this.timelines.keys()];
  }
}

function sameSnapshot(a: NodeSnapshot, b: NodeSnapshot): boolean {
  return (
    a.exists === b.exists &&
    a.excluded === b.excluded &&
    a.networkUnavailable === b.networkUnavailable &&
    a.labels === b.labels &&
    a.speaker === b.speaker &&
    a.stops === b.stops &&
    a.expiries === b.expiries &&
    a.starts === b.starts
  );
}
