// Calls to the auth API from the Users page, with the server's message on failure.

export type ApiAnswer<T> = { ok: true; value: T } | { ok: false; message: string };

export async function callAuthApi<T>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
  try {
    const response = await fetch(path, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = response.status === 204 ? {} : await response.json().catch(() => ({}));
    if (response.ok) return { ok: true, value: payload as T };
    return { ok: false, message: (payload as { message?: string }).message ?? `HTTP ${response.status}` };
  } catch {
    return { ok: false, message: 'the server did not answer' };
  }
}
