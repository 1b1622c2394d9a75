// One watch of a collection, read line by line from the response bytes. The connection and its
// credentials are client-node's (KubeConfig.applyToHTTPSOptions: CA, client certificate, bearer
// token or exec plugin, impersonation, and the agent, proxies included); only the reading is ours.
// client-node's Watch reads the same stream through node-fetch, a PassThrough and readline (a
// string decoder and a line regex over every chunk), and drops a line it cannot parse without a
// word. Here a watch event is cut at its newline from the raw chunks and decoded once, and a line
// that is not JSON ends the watch with an error, so the informer lists again instead of missing
// an event (docs/architecture.md, "Watches").
import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** One watch of a collection: each line's event type and object, then done (with the error, if any). */
export type Watcher = (
  path: string,
  query: Record<string, string | number | boolean | undefined>,
  onEvent: (type: string, object: unknown) => void,
  onDone: (err: unknown) => void,
) => Promise<{ abort(): void }>;

/** As client-node does for its watches: a half-open connection is noticed by the kernel. */
const KEEPALIVE_MS = 30_000;
const NEWLINE = 0x0a;
/** How much of a failed watch's answer goes into its error. */
const ERROR_BODY_CHARS = 300;

/** A failed watch request, shaped as client-node's errors are (`statusCode`, read by server/kube/errors). */
export class WatchError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
  }
}

/**
 * Cuts newline-delimited lines out of a byte stream. A newline byte never occurs inside a UTF-8
 * sequence, so a line is decoded only once it is whole, however the chunks fell.
 */
export function lineSplitter(onLine: (line: string) => void): (chunk: Buffer) => void {
  let partial: Buffer | undefined;
  return (chunk) => {
    let start = 0;
    let end = chunk.indexOf(NEWLINE);
    if (partial) {
      if (end < 0) {
        partial = Buffer.concat([partial, chunk]);
        return;
      }
      const whole = Buffer.concat([partial, chunk.subarray(0, end)]);
      partial = undefined;
      if (whole.length) onLine(whole.toString('utf8'));
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    while (end >= 0) {
      if (end > start) onLine(chunk.toString('utf8', start, end));
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    // Copied: a slice would keep the whole chunk (often 64 KiB) alive for a few bytes.
    if (start < chunk.length) partial = Buffer.from(chunk.subarray(start));
  };
}

/** Watches bound to the KubeConfig's current context. */
export function createWatcher(kc: KubeConfig): Watcher {
  return async (path, query, onEvent, onDone) => {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    const url = new URL(cluster.server.replace(/\/+$/, '') + path);
    url.searchParams.set('watch', 'true');
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    const options: https.RequestOptions = { method: 'GET', headers: {} };
    await kc.applyToHTTPSOptions(options);
    options.headers = { ...options.headers, Accept: 'application/json' };

    let finished = false;
    const finish = (err: unknown) => {
      if (finished) return;
      finished = true;
      request.destroy();
      onDone(err);
    };
    const onLine = (line: string) => {
      if (finished) return;
      let event: { type?: unknown; object?: unknown };
      try {
        event = JSON.parse(line) as typeof event;
      } catch {
        return finish(new WatchError(`watch ${path}: a line that is not JSON: ${line.slice(0, ERROR_BODY_CHARS)}`));
      }
      onEvent(String(event.type), event.object);
    };
    const send = url.protocol === 'https:' ? https.request : http.request;
    const request = send(url, options, (response) => {
      if (response.statusCode !== 200) {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (text: string) => (body = (body + text).slice(0, ERROR_BODY_CHARS)));
        response.on('end', () => finish(failure(path, response.statusCode, body)));
        response.on('error', (err) => finish(err));
        return;
      }
      response.socket.setKeepAlive(true, KEEPALIVE_MS);
      response.on('data', lineSplitter(onLine));
      response.on('end', () => finish(null));
      response.on('error', (err) => finish(err));
      // A connection cut mid-stream closes without 'end': that is the watch closing too.
      response.on('close', () => finish(null));
    });
    request.on('error', (err) => finish(err));
    request.end();
    // Aborted by the caller: done is still called, once, as every other end calls it.
    return { abort: () => finish(null) };
  };
}

function failure(path: string, statusCode: number | undefined, body: string): WatchError {
  let message = body;
  try {
    const status = JSON.parse(body) as { message?: string };
    if (status.message) message = status.message;
  } catch {
    // not JSON (or cut short): keep the raw text
  }
  return new WatchError(`watch ${path}: HTTP ${statusCode ?? '?'}${message ? `: ${message}` : ''}`, statusCode);
}
