// The last stream batches, kept in the server process as the JSON the stream sends. A browser
// that opens /api/v1/stream gets them before the live ones, so what it loaded a moment earlier
// (a server-prefetched page, the Services list it preloads while parsing the page, a stream that
// dropped for a few seconds) is caught up by replaying them instead of being fetched again.
import { STREAM_TOPIC, type StreamBatch } from '../../lib/views/stream';
import { processGlobal } from '../process-global';
import type { WorkerPush } from './protocol';

/** Enough for several seconds of batches (the worker pushes at most every 100 ms). */
const KEEP_BATCHES = 128;
/** A bulk change makes big batches (10,000 upserts are ~3.5 MB): keep at most this much JSON. */
const KEEP_BYTES = 1024 * 1024;

interface Kept {
  epoch: string;
  json: string;
}

export class RecentBatches {
  private kept: Kept[] = [];
  private bytes = 0;

  constructor(source: { subscribe(listener: (push: WorkerPush) => void): () => void }) {
    source.subscribe((push) => {
      if (push.topic === STREAM_TOPIC) this.add(push.data as StreamBatch);
    });
  }

  /** The kept batches as JSON, oldest first, all of the current epoch and in an unbroken run. */
  list(): readonly string[] {
    return this.kept.map((k) => k.json);
  }

  private add(batch: StreamBatch): void {
    // A new epoch is a restarted worker: its batches do not follow the old ones.
    if (this.kept.length && this.kept[0].epoch !== batch.epoch) this.clear();
    const json = JSON.stringify(batch);
    this.kept.push({ epoch: batch.epoch, json });
    this.bytes += json.length;
    while (this.kept.length > KEEP_BATCHES || (this.bytes > KEEP_BYTES && this.kept.length > 0)) {
      this.bytes -= this.kept.shift()!.json.length;
    }
  }

  private clear(): void {
    this.kept = [];
    this.bytes = 0;
  }
}

/** The one keeper of this server process; created at start-up so it sees every batch. */
export function getRecentBatches(source: ConstructorParameters<typeof RecentBatches>[0]): RecentBatches {
  return processGlobal('recentBatches', () => new RecentBatches(source));
}
