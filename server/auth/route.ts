// The wrapper every route handler uses: authorize first, then run the handler; a thrown expected
// failure (anything with an HTTP status and code, like the worker's OpError) maps to its status,
// anything else to a logged 500 that names no internals.
import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import { authorize, type Need, type Principal } from './authorize';
import { recordDenial } from './denials';
import { jsonError } from '../http/json';

type Handler<C> = (request: Request, context: C, principal: Principal) => Promise<Response>;

export function withAuth<C>(need: Need, handler: Handler<C>): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    const auth = await authorize(request, need);
    if (!auth.ok) {
      if (auth.status === 403) await recordDenial(request, auth.status, auth.message);
      return jsonError(auth.status, auth.status === 401 ? 'Unauthenticated' : 'Forbidden', auth.message);
    }
    try {
      return await handler(request, context, auth.principal);
    } catch (e) {
      unstable_rethrow(e); // Next's own control flow (redirect, notFound) is not a failure
      return toErrorResponse(e, request);
    }
  };
}

type Expected = { status: number; code: string; message: string; issues?: unknown };

function isExpected(e: unknown): e is Expected {
  const c = e as Partial<Expected> | null;
  return (
    typeof c === 'object' && c !== null && typeof c.status === 'number' && c.status >= 400 && c.status < 600 &&
    typeof c.code === 'string' && typeof c.message === 'string'
  );
}

export function toErrorResponse(e: unknown, request: Request): Response {
  if (isExpected(e)) return jsonError(e.status, e.code, e.message, e.issues);
  console.error(JSON.stringify({ op: 'route', method: request.method, path: new URL(request.url).pathname, err: String(e) }));
  return jsonError(500, 'Internal', 'internal error: the server log has the details');
}
