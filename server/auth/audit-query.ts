// Parses audit filters from a query string (the API route and the Audit page share it).
import { z } from 'zod';
import { AUDIT_PAGE_MAX, type AuditQuery } from './audit-log';

const text = (max: number) => z.string().trim().min(1).max(max).optional();

const auditQuerySchema = z
  .object({
    actor: text(64),
    action: text(64),
    resource: text(300),
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).optional(),
  })
  .strict();

export type AuditQueryIssues = { path: string; message: string }[];

export function parseAuditQuery(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
): { ok: true; value: AuditQuery } | { ok: false; message: string; issues: AuditQueryIssues } {
  const raw: Record<string, string> = {};
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    if (Array.isArray(value) || key in raw) {
      return { ok: false, message: `query parameter "${key.slice(0, 40)}" given more than once`, issues: [] };
    }
    raw[key] = value;
  }
  const parsed = auditQuerySchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.join('.') || String((i as { keys?: string[] }).keys?.[0] ?? ''),
      message: i.message,
    }));
    return { ok: false, message: `invalid audit query: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues };
  }
  const { before, ...rest } = parsed.data;
  return { ok: true, value: { ...rest, beforeId: before } };
}
