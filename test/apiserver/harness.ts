// Starts an embedded API server in a fresh temp dir for one test file, and talks raw HTTP to it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startApiServerWithTuning, type ApiServerTuning, type TunedApiServer } from '@/server/apiserver/index';

export interface TestServer extends TunedApiServer {
  dir: string;
  /** Raw request with the bearer token; the body is JSON-encoded unless it is a string. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
  stop(): Promise<void>;
}

export interface TestResponse {
  status: number;
  contentType: string;
  text: string;
  // Raw API answers are arbitrary JSON that tests read field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export async function startTestServer(tuning: Partial<ApiServerTuning> = {}, dir?: string): Promise<TestServer> {
  const dataDir = dir ?? mkdtempSync(join(tmpdir(), 'ironlb-apiserver-'));
  const server = await startApiServerWithTuning({ dataDir, port: 0, logger: pino({ level: 'silent' }) }, tuning);
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<TestResponse> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, json };
  };
  return {
    ...server,
    dir: dataDir,
    call,
    stop: async () => {
      await server.close();
      if (!dir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const service = (name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, ...metadata },
  spec: { ports: [{ port: 80 }], selector: { app: name }, ...spec },
});

export const configMap = (name: string, data: Record<string, string> = {}, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...metadata },
  data,
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- event objects are arbitrary JSON
export type WatchLine = { type: string; object: any };

/**
 * Reads a watch response's newline-delimited events as they arrive, handing each to `onEvent`,
 * until the stream ends or `more` (asked before each read) says stop; then lets the stream go.
 */
export async function readEvents(res: Response, onEvent: (e: WatchLine) => void, more: () => boolean = () => true): Promise<void> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  while (more()) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      onEvent(JSON.parse(buffer.slice(0, nl)));
      buffer = buffer.slice(nl + 1);
    }
  }
  await reader.cancel().catch(() => undefined);
}

/** Reads newline-delimited watch events from a streaming response until `count` arrived or the stream ended. */
export async function readWatch(url: string, token: string, opts: { count?: number; headers?: Record<string, string>; signal?: AbortSignal } = {}) {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}`, ...opts.headers }, signal: opts.signal });
  const events: WatchLine[] = [];
  await readEvents(res, (e) => events.push(e), () => opts.count === undefined || events.length < opts.count);
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', events };
}
