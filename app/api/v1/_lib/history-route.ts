// The history routes' one shape: parse `since`, `until`, `limit`, `format` (400 with the reason
// when they are wrong), ask the worker, and answer JSON or CSV (a download named for its subject).
import 'server-only';
import { entriesToCsv } from '@/lib/history';
import type { OpArgs } from '@/lib/contract/worker-ops';
import { historyQuerySchema, parseQueryParams } from '@/lib/schemas/history-query';
import { jsonError } from '@/server/http/json';
import { answer, callWorker } from './route-kit';

/** A file name from cluster names: letters, digits, '.', '-' and '_' only. */
const fileName = (subject: string) => `ironlb-history-${subject.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120)}.csv`;

type HistoryRead = 'history.service' | 'history.ip' | 'history.pool' | 'history.node' | 'history.range';

export async function answerHistory<K extends HistoryRead>(request: Request, op: K, args: Omit<OpArgs<K>, 'since' | 'until' | 'limit'>, subject: string): Promise<Response> {
  const query = parseQueryParams(historyQuerySchema, new URL(request.url).searchParams);
  if (!query.ok) return jsonError(400, 'Invalid', query.message, query.issues);
  const { format, ...range } = query.value;
  const page = await callWorker(op, { ...args, ...range } as OpArgs<K>);
  if (format !== 'csv') return answer(page);
  return new Response(entriesToCsv(page.entries), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName(subject)}"`,
      'Cache-Control': 'no-store',
    },
  });
}
