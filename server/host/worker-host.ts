// The host side of the embedded worker: starts it once per server process, restarts it with
// backoff when it dies, and turns requests into promises. It never decides anything itself.
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { processGlobal } from '../process-global';
import { type WorkerMessage, type WorkerPush, type WorkerRequest } from '../worker/protocol';
import { OpError } from '../http/op-error';
import type { OpArgs, OpName, OpResult } from '../../lib/contract/worker-ops';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };
type Listener = (push: WorkerPush) => void;

const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 10_000;

export class WorkerHost {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<Listener>();
  private restarts = 0;
  private backoffMs = BACKOFF_MIN_MS;
  private stopped = false;
  private lastExit: string | undefined;

  constructor(private readonly entry: string) {}

  start(): void {
    if (this.worker || this.stopped) return;
    if (!existsSync(this.entry)) {
      this.lastExit = `worker bundle missing at ${this.entry}: run "npm run build:worker"`;
      console.error(`[ironlb] ${this.lastExit}`);
      return;
    }
    const worker = new Worker(this.entry);
    this.worker = worker;
    worker.on('message', (msg: WorkerMessage) => this.onMessage(msg));
    worker.on('error', (err) => {
      this.lastExit = err.message;
      console.error('[ironlb] worker error:', err);
    });
    worker.on('exit', (code) => this.onExit(worker, code));
    worker.once('online', () => {
      // A worker that stayed up for a while earns a fresh backoff.
      setTimeout(() => {
        if (this.worker === worker) this.backoffMs = BACKOFF_MIN_MS;
      }, 30_000).unref();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) {
      try {
        await this.request('shutdown', {}, 5_000);
      } catch {
        // The worker may already be gone; terminate below either way.
      }
      await worker.terminate();
    }
  }

  /** Send one operation to the worker; rejects with OpError for expected failures. */
  request<K extends OpName>(op: K, args: OpArgs<K> = {} as OpArgs<K>, timeoutMs = 15_000): Promise<OpResult<K>> {
    type T = OpResult<K>;
    const worker = this.worker;
    if (!worker) {
      return Promise.reject(new OpError(503, 'WorkerDown', this.lastExit ?? 'the ironlb worker is not running'));
    }
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new OpError(503, 'WorkerTimeout', `the ironlb worker did not answer "${op}" in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      const msg: WorkerRequest = { kind: 'request', id, op, args };
      worker.postMessage(msg);
    });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  info(): { restarts: number; running: boolean; lastExit?: string } {
    return { restarts: this.restarts, running: Boolean(this.worker), lastExit: this.lastExit };
  }

  private onMessage(msg: WorkerMessage): void {
    if (msg.kind === 'push') {
      for (const listener of this.listeners) listener(msg);
      return;
    }
    const waiting = this.pending.get(msg.id);
    if (!waiting) return;
    this.pending.delete(msg.id);
    clearTimeout(waiting.timer);
    if (msg.ok) waiting.resolve(msg.value);
    else waiting.reject(new OpError(msg.status, msg.code, msg.message, msg.issues));
  }

  private onExit(worker: Worker, code: number): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.lastExit = this.lastExit ?? `worker exited with code ${code}`;
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new OpError(503, 'WorkerDown', `the ironlb worker exited (code ${code})`));
      this.pending.delete(id);
    }
    if (this.stopped) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
    this.restarts += 1;
    console.error(`[ironlb] worker exited (code ${code}); restarting in ${delay} ms`);
    setTimeout(() => {
      this.lastExit = undefined;
      this.start();
    }, delay).unref();
  }
}

/** The one host of this server process. */
export function getWorkerHost(): WorkerHost {
  return processGlobal('workerHost', () => new WorkerHost(process.env.IRONLB_WORKER_ENTRY ?? path.join(process.cwd(), 'dist', 'worker.mjs')));
}
