// Calls to the auth API from the Users page through the dashboard's one API client
// (components/data/api), answered as a value or the server's message.
import { describeError, requestJson } from '@/components/data/api';

export type ApiAnswer<T> = { ok: true; value: T } | { ok: false; message: string };

export async function callAuthApi<T>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
  try {
    return { ok: true, value: (await requestJson<T>(method, path, body)) ?? ({} as T) };
  } catch (e) {
    return { ok: false, message: describeError(e) };
  }
}
