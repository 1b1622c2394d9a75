// The server process's own copy of the Services list, kept from the worker's stream batches
// (the same pure reducer the browser uses), so GET /api/v1/services answers from memory even
// while the worker is busy: at 10,000 services and 100 simulated speakers the worker's event
// loop can be taken for seconds at a time. Staleness is bounded by the worker's push interval
// (100 ms). A missed batch or a restarted worker (new epoch) drops the copy; the next read loads
// a fresh snapshot from the worker.
import { checkContinuity, reduceServices, STREAM_TOPIC, type StreamBatch, type Versioned } from '../../lib/contract/stream';
import { matchesServiceQuery, serviceTableHead, type ServiceQuery, type ServiceTableHead } from '../../lib/views/service-table';
import { encodeServiceColumns } from '../../lib/views/service-columns';
import type { ServiceView } from '../../lib/views/types';
import { processGlobal } from '../process-global';
import type { WorkerPush } from '../worker/protocol';
import type { OpArgs, OpResult } from '../../lib/contract/worker-ops';

interface Source {
  request(op: 'services.list', args?: OpArgs<'services.list'>, timeoutMs?: number): Promise<OpResult<'services.list'>>;
  subscribe(listener: (push: WorkerPush) => void): () => void;
}

export type ListFormat = 'rows' | 'columns';

/**
 * One version of the unfiltered list as JSON bytes, in pieces: the head that moves with every
 * batch, then the rows encoded once per change of rows. Shared between readers: never modified,
 * sent as they are (no copy of megabytes per request).
 */
export interface EncodedList {
  chunks: readonly Buffer[];
}

export class ServicesMirror {
  /**
   * The rows, stamped with the (epoch, seq) of the latest batch applied, whether or not it
   * changed a row: a reader that sees an older seq than its stream would fetch the list again.
   */
  private list: Versioned<ServiceView> | undefined;
  /** The rows as JSON in each form, encoded on first use after a change of rows. */
  private encoded: { items: ServiceView[]; rows?: Buffer; columns?: Buffer } | null = null;
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

  /**
   * The answer to GET /api/v1/services as JSON bytes: the rows that match a query of the Services
   * table (the same matcher as the browser's), in rows or columns. Unfiltered, the bytes
   * encoded once per change of rows (encodedList). The pieces are shared: send, never modify.
   */
  async answer(query: ServiceQuery, format: ListFormat): Promise<readonly Buffer[]> {
    const needle = query.q.trim().toLowerCase();
    if (!needle && !query.namespace && !query.state && !query.pool && !query.node) return (await this.encodedList(format)).chunks;
    const list = await this.current();
    const matching = { ...list, items: list.items.filter((r) => matchesServiceQuery(r, query, needle)) };
    return [Buffer.from(JSON.stringify(format === 'columns' ? encodeServiceColumns(matching) : matching))];
  }

  /** The first `size` rows of the Services table for `query`, with its counts and filters. */
  async head(query: ServiceQuery, size: number): Promise<ServiceTableHead> {
    return serviceTableHead((await this.current()).items, query, size);
  }

  /**
   * The unfiltered list as JSON bytes, in rows (the API's default) or in columns (what the
   * dashboard fetches, lib/views/service-columns). Each form is encoded once per change of rows;
   * between changes a read costs a copy. A browser that loads it applies the stream's batches
   * newer than its seq; re-applying a batch is harmless (lib/contract/stream).
   */
  async encodedList(format: ListFormat = 'rows'): Promise<EncodedList> {
    const list = await this.current();
    if (this.encoded?.items !== list.items) this.encoded = { items: list.items };
    const cache = this.encoded;
    // Encoded without (epoch, seq), which move with every batch: `"items":[...]}` after the head.
    const tail = (fields: object) => Buffer.from(JSON.stringify(fields).slice(1));
    if (format === 'columns') {
      if (!cache.columns) {
        const { columns, strings, rows } = encodeServiceColumns(list);
        cache.columns = tail({ columns, strings, rows });
      }
      return { chunks: [head(list), cache.columns] };
    }
    cache.rows ??= tail({ items: list.items });
    return { chunks: [head(list), cache.rows] };
  }

  private async load(): Promise<Versioned<ServiceView>> {
    this.buffered = [];
    const answer = await this.source.request('services.list', {});
    let list = JSON.parse(answer.json) as Versioned<ServiceView>;
    for (const batch of this.buffered) {
      const step = checkContinuity(list, batch);
      if (step === 'resync') return list; // served once, reloaded on the next read
      if (step === 'apply') list = applyBatch(list, batch);
    }
    this.buffered = [];
    this.list = list;
    return list;
  }

  private onBatch(batch: StreamBatch): void {
    if (!this.list) {
      if (this.loading) this.buffered.push(batch);
      return;
    }
    const step = checkContinuity(this.list, batch);
    if (step === 'resync') this.list = undefined;
    else if (step === 'apply') this.list = applyBatch(this.list, batch);
  }
}

/** `{"epoch":...,"seq":...,` : the part of an encoded list that moves with every batch. */
const head = (list: Versioned<ServiceView>): Buffer => Buffer.from(`{"epoch":${JSON.stringify(list.epoch)},"seq":${list.seq},`);

/** The list after a batch: its rows changed if the batch carries services, its seq always. */
function applyBatch(list: Versioned<ServiceView>, batch: StreamBatch): Versioned<ServiceView> {
  return (batch.services && reduceServices(list, batch)) || { ...list, seq: batch.seq };
}

/** The one mirror of this server process. */
export function getServicesMirror(source: Source): ServicesMirror {
  return processGlobal('servicesMirror', () => new ServicesMirror(source));
}
