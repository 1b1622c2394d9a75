// Shared pieces of the dashboard's route handlers: call the worker, read a JSON body against a
// shared zod schema, answer without caching, and audit a write with its before-image.
import 'server-only';
import type { z } from 'zod';
import type { Principal } from '@/server/auth/authorize';
import { readJsonBody } from '@/server/auth/http';
import { parseOr422 } from '@/server/auth/schemas';
import { withAudit } from '@/server/history/audit';
import { getWorkerHost } from '@/server/worker/host';

export function callWorker<T = unknown>(op: string, args: Record<string, unknown> = {}, timeoutMs?: number): Promise<T> {
  return getWorkerHost().request<T>(op, args, timeoutMs);
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

/** Runs a worker write and records it in the audit log (only when it succeeds). */
export async function auditedWrite<T>(
  principal: Principal,
  action: 'create' | 'update' | 'delete' | 'label' | 'patch' | 'import',
  resource: { kind: string; name: string },
  write: () => Promise<T>,
  toAfter: (result: T) => unknown = (r) => r,
): Promise<T> {
  const before = action === 'create' || action === 'import' ? null : await callWorker('objects.get', resource).catch(() => null);
  return withAudit({ principal, action, resource: `${resource.kind}/${resource.name}`, before }, write, toAfter);
}

