// Classifies failures from the API server (ApiException from client-node, fetch errors) so
// callers branch on what happened, not on error classes.
import { ApiException } from '@kubernetes/client-node';

/** HTTP status of an API failure, or undefined for network-level failures. */
export function statusCodeOf(e: unknown): number | undefined {
  if (e instanceof ApiException) return e.code;
  const o = e as { code?: unknown; statusCode?: unknown } | null;
  if (o && typeof o.statusCode === 'number') return o.statusCode;
  if (o && typeof o.code === 'number') return o.code;
  return undefined;
}

export const isNotFound = (e: unknown): boolean => statusCodeOf(e) === 404;
export const isConflict = (e: unknown): boolean => statusCodeOf(e) === 409;
export const isGone = (e: unknown): boolean => statusCodeOf(e) === 410;

/** 409 from a create means "already exists", not a stale write. */
export function isAlreadyExists(e: unknown): boolean {
  if (statusCodeOf(e) !== 409) return false;
  const body = e instanceof ApiException ? String(e.body) : '';
  return body.includes('AlreadyExists') || body.includes('already exists');
}

export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** True when the failure came from our own abort signal (shutdown), not from the server. */
export function isAbort(e: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  const name = (e as { name?: unknown } | null)?.name;
  return name === 'AbortError';
}
