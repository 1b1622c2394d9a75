// One HTTP request to the API server through client-node's own machinery (RequestContext,
// KubeConfig authentication, its fetch library, ApiException). Knows no resource kinds.
import * as http from 'node:http';
import * as https from 'node:https';
import { isIPv4 } from 'node:net';
import {
  ApiException,
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  RequestContext,
  type KubeConfig,
} from '@kubernetes/client-node';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method: Method;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

export interface Requester {
  (opts: RequestOptions): Promise<unknown>;
  /** The server URL requests go to. */
  readonly server: string;
}

const library = new IsomorphicFetchHttpLibrary();

/**
 * client-node builds a fresh non-keep-alive Agent for every request; for a controller that writes
 * thousands of statuses that means one TCP (and TLS) handshake per write. We keep one keep-alive
 * agent per requester, built from the options client-node chose (CA, client cert, skip-verify).
 */
function reuseAgent(cache: { agent?: http.Agent }, fresh: http.Agent | undefined): http.Agent | undefined {
  if (!fresh) return fresh;
  if (cache.agent) return cache.agent;
  const ctor = fresh.constructor;
  if (ctor !== http.Agent && ctor !== https.Agent) return fresh; // proxy agents: leave alone
  const options = (fresh as unknown as { options?: http.AgentOptions }).options ?? {};
  cache.agent = new (ctor as typeof http.Agent)({ ...options, keepAlive: true, maxSockets: 32 });
  return cache.agent;
}

/**
 * Whether to ask the API server for gzip (node-fetch asks by default, as Go's transport does for
 * client-go). Not when it runs on this machine: there the bytes cost nothing, while compressing
 * and inflating them cost both ends CPU and the request its time. kube-apiserver's own clients
 * on the control-plane host turn it off for that reason (kubernetes/kubernetes#80919). Measured
 * here: docs/architecture.md, "Compression".
 */
export function asksForGzip(server: string): boolean {
  const host = new URL(server).hostname.replace(/^\[(.*)\]$/, '$1');
  const loopback = host === 'localhost' || host === '::1' || (isIPv4(host) && host.startsWith('127.'));
  return !loopback;
}

/** Builds a requester bound to the KubeConfig's current context. */
export function createRequester(kc: KubeConfig): Requester {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const server = cluster.server.replace(/\/+$/, '');
  const cache: { agent?: http.Agent } = {};
  const gzip = asksForGzip(server);

  const send = async (opts: RequestOptions): Promise<unknown> => {
    const url = new URL(server + opts.path);
    for (const [k, v] of Object.entries(opts.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const ctx = new RequestContext(url.toString(), opts.method as HttpMethod);
    ctx.setHeaderParam('Accept', 'application/json');
    if (!gzip) ctx.setHeaderParam('Accept-Encoding', 'identity');
    if (opts.body !== undefined) {
      ctx.setHeaderParam('Content-Type', opts.contentType ?? 'application/json');
      ctx.setBody(JSON.stringify(opts.body));
    }
    if (opts.signal) ctx.setSignal(opts.signal);
    await kc.applySecurityAuthentication(ctx);
    const agent = reuseAgent(cache, ctx.getAgent() as http.Agent | undefined);
    if (agent) ctx.setAgent(agent);
    const resp = await sendOnce(ctx, opts.method);
    const text = await resp.body.text();
    if (resp.httpStatusCode < 200 || resp.httpStatusCode > 299) {
      throw new ApiException(resp.httpStatusCode, describeFailure(opts, resp.httpStatusCode, text), text, resp.headers);
    }
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  return Object.assign(send, { server });
}

/**
 * A kept-alive socket the server closes just as we reuse it fails with ECONNRESET (seen against
 * Node's own server, whose idle sockets close after 5 s). Requests that are safe to repeat are
 * sent once more; POST is not (it could create twice).
 */
async function sendOnce(ctx: RequestContext, method: Method) {
  try {
    return await library.send(ctx).toPromise();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (method === 'POST' || (code !== 'ECONNRESET' && code !== 'EPIPE')) throw e;
    return library.send(ctx).toPromise();
  }
}

function describeFailure(opts: RequestOptions, code: number, text: string): string {
  let message = text;
  try {
    const status = JSON.parse(text) as { message?: string };
    if (status.message) message = status.message;
  } catch {
    // not JSON: keep the raw text
  }
  return `${opts.method} ${opts.path}: HTTP ${code}: ${message.slice(0, 300)}`;
}
