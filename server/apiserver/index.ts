// startApiServer: the embedded Kubernetes-compatible API server on 127.0.0.1, stored in <dataDir>.
// Wires store, registry, allocator, watch hub and the HTTP handler; writes <dataDir>/kubeconfig.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { ApiContext } from './context';
import { createHandler } from './handler';
import { loadOrCreateCredentials } from './identity';
import { COMPONENTS_KUBECONFIG_FILE, writeKubeconfig } from './kubeconfig';
import { HEADER_TIMEOUT_MS, listenDual, type DualListener } from './listener';
import { Registry } from './registry';
import { ServiceAllocator } from './service-allocator';
import { Store } from './store';
import { loadOrCreateTls } from './tls/certificates';
import { WatchHub } from './watch';
import type { WatchTuning } from './watch-handler';
import { createPolicyCache } from './access';
import { createRequestLog, type RequestLog } from './request-log';
import { fileAuditSink } from './audit';
import { ensureKubernetesService, ensureNamespaces } from './cluster-objects';

export interface ApiServerOptions {
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  signal?: AbortSignal;
  logger?: pino.Logger;
  /** Also append every request record to this file (JSON lines). */
  requestLogFile?: string;
  /** Keep request records in memory for `requests.entries()` (tests that assert on them). */
  keepRequests?: boolean;
  /** false: run no validating webhook (see WriteContext.webhooks). Default true. */
  webhooks?: boolean;
}

export interface ApiServer {
  url: string;
  port: number;
  /** The kubeconfig's token: the admin a person uses with kubectl (writes are audited). */
  token: string;
  kubeconfigPath: string;
  /** Every resource request with who made it and whether RBAC allowed it (kept with keepRequests). */
  requests: RequestLog;
  /** The data dir's CA (PEM): what a ServiceAccount token Secret carries as ca.crt. */
  caPem: string;
  /** For ironlb's own controller, speakers and dashboard worker (an identity of their own). */
  componentsKubeconfigPath: string;
  close(): Promise<void>;
}

export interface ApiServerTuning extends WatchTuning {
  /** Watch events kept per resource for replay (older resourceVersions get 410 Expired). */
  historySize: number;
  systemNamespace: string;
  /** A connection with no complete request head after this long is closed (idle ones too). */
  headerTimeoutMs: number;
}

export const DEFAULT_TUNING: ApiServerTuning = {
  historySize: 2000,
  bookmarkIntervalMs: 60_000,
  maxBufferedBytes: 16 * 1024 * 1024,
  systemNamespace: 'metallb-system',
  headerTimeoutMs: HEADER_TIMEOUT_MS,
};

export { INITIAL_NAMESPACES } from './cluster-objects';

/** Test seam: the server plus a way to end every open watch as a real API server does on timeout. */
export interface TunedApiServer extends ApiServer {
  dropWatches(): void;
  openWatches(): number;
}

/**
 * Listens on `requested`, or (0) on the port this data dir used last time, so a copied kubeconfig keeps
 * working across restarts; a free port only when that one is taken. The port is remembered in the store.
 */
async function listenOnStablePort(store: Store, listen: (port: number) => Promise<DualListener>, requested: number, logger: pino.Logger): Promise<DualListener> {
  const remembered = Number(store.getMeta('port') ?? '0');
  let listener: DualListener | undefined;
  if (requested === 0 && remembered > 0) {
    listener = await listen(remembered).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EADDRINUSE') throw e;
      logger.warn({ op: 'listen', port: remembered }, 'the port this data dir used before is taken: picking another, the kubeconfig changes');
      return undefined;
    });
  }
  listener ??= await listen(requested);
  if (String(listener.port) !== store.getMeta('port')) await store.setMeta('port', String(listener.port));
  return listener;
}

export async function startApiServerWithTuning(opts: ApiServerOptions, tuning: Partial<ApiServerTuning> = {}): Promise<TunedApiServer> {
  const t = { ...DEFAULT_TUNING, ...tuning };
  const logger = (opts.logger ?? pino({ level: 'warn' }, pino.destination(2))).child({ module: 'apiserver' });
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const store = await Store.open(join(opts.dataDir, 'apiserver.db'));
  const credentials = await loadOrCreateCredentials(store);
  const token = credentials.admin;
  const allocator = new ServiceAllocator();
  allocator.load(store.list('services'));
  const hub = new WatchHub(store.currentRv(), t.historySize);
  store.onStage((changes) => allocator.observe(changes));
  store.onCommit((changes) => hub.publish(changes));
  const tls = loadOrCreateTls(opts.dataDir, Date.now());
  const audit = fileAuditSink(opts.dataDir, randomUUID, () => new Date());
  const ctx: ApiContext = {
    store, allocator, hub, logger, registry: new Registry(), systemNamespace: t.systemNamespace, caPem: tls.caPem,
    now: () => Date.now(), random: Math.random, uid: randomUUID, webhooks: opts.webhooks,
    audit,
  };
  await ensureNamespaces(ctx);

  const host = opts.host ?? '127.0.0.1';
  let address = '';
  const requests = createRequestLog({ file: opts.requestLogFile, keep: opts.keepRequests });
  const handler = createHandler(ctx, { credentials, serverAddress: () => address, tuning: t, policy: createPolicyCache(ctx), requests });
  let listener: DualListener;
  try {
    listener = await listenOnStablePort(store, (port) => listenDual(handler, tls, port, host, t.headerTimeoutMs), opts.port ?? 0, logger);
  } catch (e) {
    await store.close();
    audit.close();
    throw e;
  }
  const port = listener.port;
  try {
    await ensureKubernetesService(ctx, port);
  } catch (e) {
    await listener.close();
    await store.close();
    audit.close();
    throw e;
  }
  address = `${host}:${port}`;
  const url = `http://${host}:${port}`;
  const kubeconfigPath = writeKubeconfig(opts.dataDir, `https://${host}:${port}`, token, tls.caPem);
  const componentsKubeconfigPath = writeKubeconfig(opts.dataDir, `https://${host}:${port}`, credentials.components, tls.caPem, COMPONENTS_KUBECONFIG_FILE);
  logger.info({ op: 'start', url, kubeconfigPath }, 'embedded API server listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      hub.closeAll();
      await listener.close();
      await store.close();
      audit.close();
    })();
    return closing;
  };
  if (opts.signal) {
    if (opts.signal.aborted) await close();
    else opts.signal.addEventListener('abort', () => void close(), { once: true });
  }
  return { url, port, token, kubeconfigPath, componentsKubeconfigPath, requests, caPem: tls.caPem, close, dropWatches: () => hub.closeAll(), openWatches: () => hub.watcherCount() };
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const s = await startApiServerWithTuning(opts);
  return { url: s.url, port: s.port, token: s.token, kubeconfigPath: s.kubeconfigPath, componentsKubeconfigPath: s.componentsKubeconfigPath, requests: s.requests, caPem: s.caPem, close: s.close };
}
