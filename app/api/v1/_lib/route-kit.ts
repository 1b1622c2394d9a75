// Shared pieces of the dashboard's route handlers: call the worker (typed by lib/contract), read a
// JSON body against a shared zod schema, answer without caching, and audit a write with the
// before and after images the write itself returned.
import 'server-only';
import type { z } from 'zod';
import type { Principal } from '@/server/auth/authorize';
import { readJsonBody } from '@/server/http/json';
import { parseOr422 } from '@/server/auth/schemas';
import type { Audited, OpArgs, OpName, OpResult } from '@/lib/contract/worker-ops';
import { recordAudit } from '@/server/auth/audit';
import { getWorkerHost } from '@/server/host/worker-host';

export function callWorker<K extends OpName>(op: K, args: OpArgs<K> = {} as OpArgs<K>, timeoutMs?: number): Promise<OpResult<K>> {
  return getWorkerHost().request(op, args, timeoutMs);
}

export function answer(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** Body -> schema, or the ready 4xx response (400/413/415 from the body, 422 from the schema). */
export async function readBody<T>(request: Request, schema: z.ZodType<T>, maxBytes?: number): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  const body = await readJsonBody(request, maxBytes);
  if (!body.ok) return body;
  return parseOr422(schema, body.value);
}

/**
 * Runs a worker write and records it in the audit log, only when it succeeds, with the object
 * before and after as the write saw them: one trip to the worker, and exact.
 */
export async function auditedWrite<T>(
  principal: Principal,
  action: 'create' | 'update' | 'delete' | 'label' | 'patch' | 'import',
  resource: { kind: string; name: string },
  write: () => Promise<Audited<T>>,
): Promise<T> {
  const { answer, before, after } = await write();
  recordAudit({ principal, action, resource: `${resource.kind}/${resource.name}`, before, after });
  return answer;
}

