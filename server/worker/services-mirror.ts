// The server process's own copy of the Services list, kept from the worker's stream batches
// (the same pure reducer the browser uses), so GET /api/v1/services answers from memory even
// while the worker is busy: at 10,000 services and 100 simulated speakers the worker's event
// loop can be taken for seconds at a time. Staleness is bounded by the worker's push interval
// (100 ms). A missed batch or a restarted worker (new epoch) drops the copy; the next read loads
// a fresh snapshot from the worker.
import { checkContinuity, reduceServices, STREAM_TOPIC, type StreamBatch, type Versioned } from '../../lib/views/stream';
import { matchesServiceQuery, type ServiceQuery } from '../../lib/views/service-table';
import type { ServiceView } from '../../lib/views/types';
import type { WorkerPush } from './protocol';

interface Source {
  request<T>(op: string, args?: unknown, timeoutMs?: number): Promise<T>;
  subscribe(listener: (push: WorkerPush) => void): () => void;
}

/** One version of the unfiltered list, encoded once as JSON bytes. */
export interface EncodedList {
  body: Buffer;
}

export class ServicesMirror {
  /** The rows; their seq is that of the last batch that changed a row. */
  private list: Versioned<ServiceView> | undefined;
  /** Where the stream is (continuity is checked on every batch, whatever it carries). */
  private position: { epoch: string; seq: number } | null = null;
  private encoded: EncodedList | null = null;
  private loading: Promise<Versioned<ServiceView>> | null = null;
  /** Batches that arrive while a snapshot is on its way; replayed on top of it. */
  private buffered: StreamBatch[] = [];

  constructor(private readonly source: Source) {
    source.subscribe((push) => {
      if (push.topic === STREAM_TOPIC) this.onBatch(push.data as StreamBatch);
    });
  }

  /** The rows now (a snapshot from the worker on first use or after a gap). */
  async current(): Promise<Versioned<ServiceView>> {
    if (this.list) return this.list;
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  /** The rows that match a query of the Services table (the same matcher as the browser's). */
  async matching(query: ServiceQuery): Promise<Versioned<ServiceView>> {
    const list = await this.current();
    const needle = query.q.trim().toLowerCase();
    return { ...list, items: list.items.filter((r) => matchesServiceQuery(r, query, needle)) };
  }

  /**
   * The unfiltered list, serialised once per change of rows: between changes
   * every read sends the same bytes. A browser that loads it applies the stream's batches newer
   * than its seq; re-applying a batch is harmless (lib/views/stream).
   */
  async encodedList(): Promise<EncodedList> {
    const list = await this.current();
    if (list === this.list && this.encoded) return this.encoded;
    const encoded: EncodedList = { body: Buffer.from(JSON.stringify(list)) };
    if (list === this.list) this.encoded = encoded;
    return encoded;
  }

  private async load(): Promise<Versioned<ServiceView>> {
    this.buffered = [];
    const answer = await this.source.request<{ json?: string } & Partial<Versioned<ServiceView>>>('services.list', {});
    let list = (typeof answer.json === 'string' ? JSON.parse(answer.json) : answer) as Versioned<ServiceView>;
    let position = { epoch: list.epoch, seq: list.seq };
    for (const batch of this.buffered) {
      const step = checkContinuity(position, batch);
      if (step === 'resync') return list; // served once, reloaded on the next read
      if (step !== 'apply') continue;
      position = { epoch: batch.epoch, seq: batch.seq };
      if (batch.services) list = reduceServices(list, batch) ?? list;
    }
    this.buffered = [];
    this.list = list;
    this.position = position;
    this.encoded = null;
    return list;
  }

  private onBatch(batch: StreamBatch): void {
    if (!this.list || !this.position) {
      if (this.loading) this.buffered.push(batch);
      return;
    }
    const step = checkContinuity(this.position, batch);
    if (step === 'resync') {
      this.list = undefined;
      this.position = null;
      this.encoded = null;
      return;
    }
    if (step !== 'apply') return;
    this.position = { epoch: batch.epoch, seq: batch.seq };
    if (batch.services) {
      this.list = reduceServices(this.list, batch) ?? this.list;
      this.encoded = null;
    }
  }
}

const GLOBAL_KEY = Symbol.for('ironlb.servicesMirror');
type WithMirror = typeof globalThis & { [GLOBAL_KEY]?: ServicesMirror };

/** The one mirror of this server process. */
export function getServicesMirror(source: Source): ServicesMirror {
  const g = globalThis as WithMirror;
  g[GLOBAL_KEY] ??= new ServicesMirror(source);
  return g[GLOBAL_KEY];
}
