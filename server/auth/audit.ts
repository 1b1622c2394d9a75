// What route handlers call to audit a write: withAudit() around the write (records only when it
// succeeds), or recordAudit() directly; listAudit() for the Audit page and GET /api/v1/audit.
import 'server-only';
import { getAuthDb } from './db';
import { readEnv } from '../env';
import { insertAudit, queryAudit, type AuditEntry, type AuditInput, type AuditQuery } from './audit-log';

export type { AuditEntry, AuditInput, AuditQuery };
export { parseAuditQuery } from './audit-query';

function db() {
  return getAuthDb(readEnv().IRONLB_DATA_DIR);
}

/** Appends one entry; call it only after the write succeeded. */
export function recordAudit(input: AuditInput): AuditEntry {
  return insertAudit(db(), input);
}

export function listAudit(query: AuditQuery): { items: AuditEntry[]; nextCursor: number | null } {
  return queryAudit(db(), query);
}

/**
 * Runs a write and audits it when it resolves. `before` is the object as read just before the
 * write (null on create); `toAfter` picks the object after the write from the result (null on
 * delete). A write that throws is not recorded and the error passes through unchanged.
 */
export async function withAudit<T>(
  entry: Omit<AuditInput, 'after'>,
  write: () => Promise<T>,
  toAfter: (result: T) => unknown = (result) => result,
): Promise<T> {
  const result = await write();
  recordAudit({ ...entry, after: toAfter(result) });
  return result;
}
