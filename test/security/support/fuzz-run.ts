// Sends fuzz cases and judges the answers: never a 5xx, never a hang, every 4xx with a message a
// person can read, and never a success where only a refusal is acceptable.

/** A body fetch accepts (a copy of bytes gets a plain ArrayBuffer). */
function toBody(body: string | Uint8Array | undefined): string | Uint8Array<ArrayBuffer> | undefined {
  return body === undefined || typeof body === 'string' ? body : new Uint8Array(body);
}

export type FuzzCase = {
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Statuses that are acceptable besides 4xx with a message (e.g. [200] for a read). */
  allow: number[];
  /** When set, only these statuses are acceptable at all. */
  only?: number[];
};

const statusCounts = new Map<number, number>();
function countStatus(status: number): void {
  statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
}
/** How many answers had each status (for the report). */
export function readStatusCounts(): Record<number, number> {
  return Object.fromEntries([...statusCounts].sort(([a], [b]) => a - b));
}

export type Finding = { case: string; status: number | string; body: string };

const TIMEOUT_MS = 20_000;

function describe(c: FuzzCase, bodyLabel = ''): string {
  const shown = c.url.length > 200 ? `${c.url.slice(0, 200)}…` : c.url;
  return `${c.label}: ${c.method} ${shown}${bodyLabel}`;
}

function readMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    return typeof body.message === 'string' && body.message.trim().length >= 5 ? body.message : undefined;
  } catch {
    return undefined;
  }
}

// Next's built-in not-found page answers paths no route matches (e.g. "/api/v1/services/../x",
// which the URL parser turns into "/api/v1/x"); it says so in words, in HTML.
const NEXT_NOT_FOUND = 'This page could not be found';

let nextNotFoundPages = 0;

function isClear(status: number, text: string): boolean {
  if (readMessage(text) !== undefined) return true;
  const isNextNotFound = status === 404 && text.includes(NEXT_NOT_FOUND);
  if (isNextNotFound) nextNotFoundPages += 1;
  return isNextNotFound;
}

/** How many 404s were Next's HTML not-found page rather than a JSON message. */
export function readNextNotFoundPages(): number {
  return nextNotFoundPages;
}

function isSameOrigin(location: string | null, url: string): boolean {
  if (!location) return false;
  return new URL(location, url).origin === new URL(url).origin;
}

/** Sends one case; returns a finding when the answer is not acceptable. */
export async function sendCase(c: FuzzCase, bodyLabel = ''): Promise<Finding | undefined> {
  const send = () => fetch(c.url, { method: c.method, headers: c.headers, body: toBody(c.body), redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  let response: Response;
  try {
    // One retry for a connection the server closed as idle just as it was reused (a keep-alive
    // race in the client, not an answer); a second failure is a finding.
    response = await send().catch(async (e: unknown) => {
      if ((e as Error).name === 'TimeoutError') throw e;
      return send();
    });
  } catch (e) {
    const cause = (e as { cause?: unknown }).cause;
    return { case: describe(c, bodyLabel), status: 'no answer', body: `${String(e)} ${cause ? String(cause) : ''}`.slice(0, 300) };
  }
  const isStream = response.headers.get('content-type')?.includes('text/event-stream');
  const text = isStream ? (await response.body?.cancel(), '') : await response.text().catch((e) => `(body failed: ${e})`);
  const status = response.status;
  countStatus(status);
  const finding = { case: describe(c, bodyLabel), status, body: text.slice(0, 300) };
  // A same-origin redirect is not an answer yet: Next's canonical URL ("/api/v1/" -> "/api/v1")
  // or the sign-in form's way back to /login with its message.
  if ([303, 307, 308].includes(status) && isSameOrigin(response.headers.get('location'), c.url)) return undefined;
  if (c.only && !c.only.includes(status)) return finding;
  if (status >= 500) return finding;
  if (status >= 400) return isClear(status, text) ? undefined : { ...finding, body: `(no readable message) ${finding.body}` };
  return c.allow.includes(status) ? undefined : finding;
}
