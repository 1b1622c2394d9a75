// The stream's batches as the JSON /api/v1/stream sends, serialised once in the server process
// for every open stream, and the last ones kept. A browser that opens the stream gets the kept
// ones before the live ones, so what it loaded a moment earlier (a server-prefetched page, the
// Services list it preloads while parsing the page, a stream that dropped for a few seconds) is
// caught up by replaying them instead of being fetched again.
import { STREAM_TOPIC, type StreamBatch } from '../../lib/contract/stream';
import { processGlobal } from '../process-global';
import type { WorkerPush } from '../worker/protocol';

/** Enough for several seconds of batches (the worker pushes at most every 100 ms). */
const KEEP_BATCHES = 128;
/** A bulk change makes big batches (10,000 upserts are ~3.5 MB): keep at most this much JSON. */
const KEEP_BYTES = 1024 * 1024;

interface Kept {
  epoch: string;
  json: string;
}

export class StreamFeed {
  private kept: Kept[] = [];
  private bytes = 0;
  private readonly listeners = new Set<(json: string) => void>();

  constructor(source: { subscribe(listener: (push: WorkerPush) => void): () => void }) {
    source.subscribe((push) => {
      if (push.topic === STREAM_TOPIC) this.add(push.data as StreamBatch);
    });
  }

  /** Each batch from now on, as JSON. */
  subscribe(listener: (json: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The kept batches as JSON, oldest first, all of the current epoch and in an unbroken run. */
  recent(): readonly string[] {
    return this.kept.map((k) => k.json);
  }

  private add(batch: StreamBatch): void {
    const json = JSON.stringify(batch);
    for (const listener of this.listeners) listener(json);
    // A new epoch is a restarted worker: its batches do not follow the old ones.
    if (this.kept.length && this.kept[0].epoch !== batch.epoch) this.clear();
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

/** The one feed of this server process; created at start-up so it keeps every batch. */
export function getStreamFeed(source: ConstructorParameters<typeof StreamFeed>[0]): StreamFeed {
  return processGlobal('streamFeed', () => new StreamFeed(source));
}
