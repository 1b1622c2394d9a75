// Browser-side calls to /api/v1: JSON in, JSON out, and one error type carrying the server's
// { code, message, issues } so forms can put each issue next to its field.
export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }
}

function toIssues(raw: unknown): ApiIssue[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((i): i is { path?: unknown; message?: unknown } => typeof i === 'object' && i !== null)
    .map((i) => ({ path: Array.isArray(i.path) ? i.path.join('.') : String(i.path ?? ''), message: String(i.message ?? '') }));
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: { code?: string; message?: string; issues?: unknown } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not JSON (a proxy error page): fall back to the status text
  }
  const message = body.message ?? (res.status === 503 ? 'the cluster or the ironlb worker is unavailable' : `${res.status} ${res.statusText}`);
  return new ApiError(res.status, body.code ?? 'HttpError', message, toIssues(body.issues));
}

/**
 * One call; a 401 sends the browser to sign in again (a session that expired), unless the call is
 * the sign-in itself (`signInOn401: false`). A 204 answers undefined.
 */
export async function requestJson<T>(method: string, path: string, body?: unknown, opts: { signInOn401?: boolean } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(0, 'NetworkError', `the dashboard server is unreachable (${e instanceof Error ? e.message : String(e)})`);
  }
  if (res.status === 401 && opts.signInOn401 !== false && typeof window !== 'undefined') {
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const getJson = <T>(path: string) => requestJson<T>('GET', path);

export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
