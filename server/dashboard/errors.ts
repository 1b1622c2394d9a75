// Maps failures from the API server to the worker's OpError, so routes answer with the right
// HTTP status: 404, 409, 422 with the server's message, 403 when the cluster forbids it, 503 when
// the cluster is unreachable or rejects the credentials.
import { statusCodeOf } from '../kube/errors';
import { OpError } from '../http/op-error';

function serverMessage(e: unknown): string {
  const body = (e as { body?: unknown } | null)?.body;
  if (typeof body === 'string') {
    try {
      const status = JSON.parse(body) as { message?: string };
      if (status.message) return status.message;
    } catch {
      // not a Status object
    }
  }
  return e instanceof Error ? e.message : String(e);
}

export function toOpError(e: unknown, what: string): OpError {
  if (e instanceof OpError) return e;
  const code = statusCodeOf(e);
  const message = serverMessage(e);
  if (code === 404) return new OpError(404, 'NotFound', `${what} not found`);
  if (code === 409) {
    const exists = /already exists/i.test(message);
    return new OpError(409, exists ? 'AlreadyExists' : 'Conflict', exists ? `${what} already exists` : `${what} was changed by someone else: reload and try again`);
  }
  if (code === 422 || code === 400) return new OpError(422, 'Invalid', message);
  if (code === 401) return new OpError(503, 'ClusterUnavailable', `the cluster refused ironlb's credentials: ${message}`);
  if (code === 403) {
    // An admission webhook's denial is a 403 too, but about the object, not about ironlb's access.
    if (message.startsWith('admission webhook ')) return new OpError(422, 'Invalid', message);
    // An RBAC denial says which permission is missing; any other denial reads as itself.
    const rbac = /cannot \w+ resource/.test(message);
    return new OpError(403, 'Forbidden', rbac ? `the cluster does not allow the dashboard to do this: ${message} (its ServiceAccount's permissions are in deploy/base/dashboard/rbac.yaml)` : message);
  }
  if (code === undefined || code >= 500) return new OpError(503, 'ClusterUnavailable', `the cluster is unreachable: ${message}`);
  return new OpError(502, 'ClusterError', message);
}

export async function callCluster<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toOpError(e, what);
  }
}

export const notFound = (what: string) => new OpError(404, 'NotFound', `${what} not found`);
export const invalid = (message: string, issues?: unknown) => new OpError(422, 'Invalid', message, issues);
