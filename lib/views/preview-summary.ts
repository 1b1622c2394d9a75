// A configuration preview in words: counts by kind of consequence, and the sentence a Save
// button (or `ironlb preview`) says ("2 services move to another node").
import { plural } from './plural';

interface Counted {
  ipChanges: readonly { before: readonly string[]; after: readonly string[] }[];
  announcerMoves: readonly { from: string | null; to: string | null }[];
  poolsLosingAdvertisement: readonly string[];
  newPoolsWithoutAdvertisement: readonly string[];
}

export interface PreviewSummary {
  changeIP: number;
  losePending: number;
  gainIP: number;
  moveNode: number;
  stopAnnounced: number;
  startAnnounced: number;
  /** Sentence parts, most serious first; empty when nothing changes. */
  parts: string[];
  /** The parts joined, or "nothing changes for any service". */
  text: string;
}

/** "1 service moves", "2 services move". */
const svc = (n: number, one: string, many: string) => `${plural(n, 'service')} ${n === 1 ? one : many}`;

export function summarisePreview(p: Counted): PreviewSummary {
  const changeIP = p.ipChanges.filter((c) => c.before.length > 0 && c.after.length > 0).length;
  const losePending = p.ipChanges.filter((c) => c.before.length > 0 && c.after.length === 0).length;
  const gainIP = p.ipChanges.filter((c) => c.before.length === 0 && c.after.length > 0).length;
  const moveNode = p.announcerMoves.filter((m) => m.from && m.to).length;
  // A service going pending stops being announced too: counted once, as pending.
  const stopAnnounced = Math.max(0, p.announcerMoves.filter((m) => m.from && !m.to).length - losePending);
  const startAnnounced = p.announcerMoves.filter((m) => !m.from && m.to).length;
  const parts = [
    losePending && svc(losePending, 'loses its IP (pending)', 'lose their IPs (pending)'),
    changeIP && svc(changeIP, 'changes IP', 'change IP'),
    moveNode && svc(moveNode, 'moves to another node', 'move to another node'),
    stopAnnounced && svc(stopAnnounced, 'stops being announced', 'stop being announced'),
    ...p.poolsLosingAdvertisement.map((pool) => `pool ${pool} loses its L2Advertisement`),
    ...p.newPoolsWithoutAdvertisement.map((pool) => `pool ${pool} has no L2Advertisement`),
    gainIP && svc(gainIP, 'gets an IP', 'get an IP'),
    startAnnounced && svc(startAnnounced, 'starts being announced', 'start being announced'),
  ].filter((x): x is string => Boolean(x));
  const text = parts.length ? parts.join(', ') : 'nothing changes for any service';
  return { changeIP, losePending, gainIP, moveNode, stopAnnounced, startAnnounced, parts, text };
}
