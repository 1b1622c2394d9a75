// Every resource request the server answered or refused, with who asked: what the RBAC test
// reads to prove the shipped roles sufficient and minimal, and what a test asserts on to show a
// component never wrote something (the dashboard in MetalLB mode never writes Service status).
// Kept in memory (bounded) only when the caller asks: the app's own API server never reads it,
// and 200,000 records held a long-running embedded cluster's memory for nothing (issue 17).
// Also appended as JSON lines to a file when one is configured (IRONLB_API_REQUEST_LOG), for
// tests that run the API server in another process.
import { appendFileSync } from 'node:fs';
import type { RequestAttributes } from '../../lib/rbac/evaluate';

export interface RequestRecord extends RequestAttributes {
  user: string;
  allowed: boolean;
  /** When it arrived (ms since the epoch). */
  at: number;
}

const MAX_RECORDS = 200_000;

export interface RequestLog {
  record(r: RequestRecord): void;
  /** Every record kept, oldest first. Throws when the log keeps none in memory. */
  entries(): readonly RequestRecord[];
}

export interface RequestLogOptions {
  /** Append each record to this file (JSON lines). */
  file?: string;
  /** Keep the latest records in memory for entries(). */
  keep?: boolean;
}

export function createRequestLog({ file, keep = false }: RequestLogOptions = {}): RequestLog {
  const kept: RequestRecord[] = [];
  return {
    record(r) {
      if (keep) {
        kept.push(r);
        if (kept.length > MAX_RECORDS) kept.splice(0, kept.length - MAX_RECORDS);
      }
      if (file) appendFileSync(file, `${JSON.stringify(r)}\n`);
    },
    entries: () => {
      // An empty list here would let a test's "nothing was denied" pass without looking.
      if (!keep) throw new Error('this API server keeps no request records in memory: start it with keepRequests');
      return kept;
    },
  };
}
