// The dashboard's history: the ledger file, the recorder that feeds it, and the timers that keep
// it alive (a heartbeat, so a restart knows how long it was away) and bounded (retention, in
// small steps). Opened by the dashboard of the process that runs it; a ledger that cannot be
// opened leaves the dashboard running without history, and the history routes say why.
import { readEnv } from '../env';
import { moduleLogger } from '../log';
import type { StreamBatch } from '../../lib/views';
import type { HistoryEntry } from '../../lib/history';
import { Ledger, type Retention } from './ledger';
import { historyDbPath } from './ledger-db';
import { HistoryRecorder, type RecorderSource } from './recorder';

const HEARTBEAT_MS = 10_000;
const RETENTION_EVERY_MS = 10 * 60_000;
/** Pause between retention steps, so the event loop serves the dashboard in between. */
const RETENTION_STEP_PAUSE_MS = 50;

export function retentionFromEnv(): Retention {
  const env = readEnv();
  return { maxAgeMs: env.IRONLB_HISTORY_MAX_AGE_DAYS * 86_400_000, maxEntries: env.IRONLB_HISTORY_MAX_ENTRIES };
}

export class HistoryService {
  private readonly log = moduleLogger('history');
  private failures = 0;

  constructor(
    readonly ledger: Ledger,
    readonly recorder: HistoryRecorder,
  ) {}

  static open(dataDir: string, source: RecorderSource, retention = retentionFromEnv()): HistoryService | { error: string } {
    try {
      const ledger = Ledger.open(historyDbPath(dataDir), retention);
      return new HistoryService(ledger, new HistoryRecorder(ledger, source));
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      moduleLogger('history').error({ op: 'open', err: error }, 'history ledger could not be opened; running without history');
      return { error };
    }
  }

  start(signal: AbortSignal): void {
    const heartbeat = setInterval(() => this.safely('heartbeat', () => this.ledger.heartbeat(Date.now())), HEARTBEAT_MS);
    let pruneTimer: NodeJS.Timeout | undefined;
    const prune = () => {
      const more = this.safely('retention', () => this.ledger.pruneStep(Date.now())) ?? false;
      pruneTimer = setTimeout(prune, more ? RETENTION_STEP_PAUSE_MS : RETENTION_EVERY_MS);
    };
    pruneTimer = setTimeout(prune, 5_000);
    signal.addEventListener(
      'abort',
      () => {
        clearInterval(heartbeat);
        clearTimeout(pruneTimer);
        this.safely('close', () => this.ledger.close());
      },
      { once: true },
    );
  }

  /** Records what a flush changed; a failing write is logged, never allowed to stop the views. */
  afterFlush(batch: StreamBatch | null): HistoryEntry[] {
    return this.safely('record', () => this.recorder.afterFlush(batch)) ?? [];
  }

  private safely<T>(op: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      this.failures++;
      // One line per kind of failure is enough when the disk is full: every 100th after the first.
      if (this.failures === 1 || this.failures % 100 === 0) this.log.error({ op, err: e instanceof Error ? e.message : String(e), failures: this.failures }, 'history ledger write failed');
      return undefined;
    }
  }
}
