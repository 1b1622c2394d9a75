// The query strings of the history routes: a time range (`since`, `until`: RFC 3339 times or
// milliseconds since the epoch), `limit`, `format` (json or csv); and the flapping report's
// window and threshold. Parsed strictly: an unknown or repeated parameter is an error.
import { z } from 'zod';

export const HISTORY_LIMIT_DEFAULT = 1000;
export const HISTORY_LIMIT_MAX = 100_000;

/** RFC 3339 (what toISOString writes, with or without fractions or an offset) or a millisecond count. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

const instant = (name: string) =>
  z
    .string()
    .trim()
    .transform((raw, ctx) => {
      const ms = /^\d{1,15}$/.test(raw) ? Number(raw) : RFC3339.test(raw) ? Date.parse(raw) : Number.NaN;
      if (!Number.isFinite(ms)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be an RFC 3339 time (2026-01-31T12:00:00Z) or milliseconds since the epoch, not "${raw.slice(0, 40)}"` });
        return z.NEVER;
      }
      return ms;
    })
    .optional();

export const historyQuerySchema = z
  .object({
    since: instant('since'),
    until: instant('until'),
    limit: z.coerce.number().int('limit must be a whole number').min(1, 'limit must be at least 1').max(HISTORY_LIMIT_MAX, `limit must be at most ${HISTORY_LIMIT_MAX}`).optional(),
    format: z.enum(['json', 'csv'], { message: 'format must be json or csv' }).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.since !== undefined && q.until !== undefined && q.since > q.until) {
      ctx.addIssue({ code: 'custom', path: ['since'], message: 'since is after until: the time range is empty' });
    }
  });

export type HistoryQuery = z.infer<typeof historyQuerySchema>;

/** "90s", "30m", "1h", "7d" or a millisecond count. */
const DURATION = /^(\d{1,9})(ms|s|m|h|d)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export const flappingQuerySchema = z
  .object({
    window: z
      .string()
      .trim()
      .transform((raw, ctx) => {
        const m = DURATION.exec(raw);
        const ms = m ? Number(m[1]) * UNIT_MS[m[2] ?? 'ms'] : Number.NaN;
        if (!Number.isFinite(ms) || ms < 60_000 || ms > 366 * 86_400_000) {
          ctx.addIssue({ code: 'custom', message: `window must be a duration from 1m to 366d such as 1h or 7d, not "${raw.slice(0, 40)}"` });
          return z.NEVER;
        }
        return ms;
      })
      .optional(),
    threshold: z.coerce.number().int('threshold must be a whole number').min(1, 'threshold must be at least 1').max(1_000_000).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();

export type FlappingQuery = z.infer<typeof flappingQuerySchema>;

export type QueryParse<T> = { ok: true; value: T } | { ok: false; message: string; issues: { path: string; message: string }[] };

/** URL parameters against a schema: a repeated parameter is refused, issues named by parameter. */
export function parseQueryParams<T>(schema: z.ZodType<T>, params: URLSearchParams): QueryParse<T> {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in raw) return { ok: false, message: `query parameter "${key.slice(0, 40)}" given more than once`, issues: [{ path: key.slice(0, 40), message: 'given more than once' }] };
    raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || String((i as { keys?: string[] }).keys?.[0] ?? ''), message: i.message }));
  return { ok: false, message: `invalid query: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`, issues };
}
