// The API server's request log: kept in memory only when asked, bounded, and refusing to answer
// when it keeps nothing.
import { describe, expect, it } from 'vitest';
import { createRequestLog, type RequestRecord } from './request-log';

const record = (n: number): RequestRecord => ({ user: 'admin', allowed: true, at: n, verb: 'get', resource: 'services', namespace: 'default', name: `s${n}`, apiGroup: '' });

describe('request log', () => {
  it('keeps what was asked, oldest first, when told to keep records', () => {
    const log = createRequestLog({ keep: true });
    log.record(record(1));
    log.record(record(2));
    expect(log.entries().map((r) => r.at)).toEqual([1, 2]);
  });

  it('keeps only the newest 200,000 records', () => {
    const log = createRequestLog({ keep: true });
    for (let i = 0; i < 200_005; i++) log.record(record(i));
    expect(log.entries()).toHaveLength(200_000);
    expect(log.entries()[0].at).toBe(5);
  });

  it('an API server that keeps none refuses to answer rather than claim nothing happened', () => {
    const log = createRequestLog();
    log.record(record(1));
    expect(() => log.entries()).toThrow(/keeps no request records/);
  });
});
