// Every resource request the server answered or refused, with who asked: what the RBAC test
// reads to prove the shipped roles sufficient and minimal, and what a test asserts on to show a
// component never wrote something (the dashboard in MetalLB mode never writes Service status).
// Kept in memory (bounded); also appended as JSON lines to a file when one is configured
// (IRONLB_API_REQUEST_LOG), for tests that run the API server in another process.
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
  /** Every record kept, oldest first. */
  entries(): readonly RequestRecord[];
}

export function createRequestLog(file?: string): RequestLog {
  const kept: RequestRecord[] = [];
  return {
    record(r) {
      kept.push(r);
      if (kept.length > MAX_RECORDS) kept.splice(0, kept.length - MAX_RECORDS);
      if (file) appendFileSync(file, `${JSON.stringify(r)}\n`);
    },
    entries: () => kept,
  };
}
