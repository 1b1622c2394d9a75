// startApiServer: the embedded Kubernetes-compatible API server on 127.0.0.1, stored in <dataDir>.
// Wires store, registry, allocator, watch hub and the HTTP handler; writes <dataDir>/kubeconfig.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { ApiContext } from './context';
import { createHandler } from './handler';
import { loadOrCreateToken, writeKubeconfig } from './kubeconfig';
import { HEADER_TIMEOUT_MS, listenDual, type DualListener } from './listener';
import { Registry } from './registry';
import { ServiceAllocator } from './service-allocator';
import { Store } from './store';
import { loadOrCreateTls } from './tls/certificates';
import { WatchHub } from './watch';
import type { WatchTuning } from './watch-handler';
import { createObject } from './writes';

export interface ApiServerOptions {
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  signal?: AbortSignal;
  logger?: pino.Logger;
}

export interface ApiServer {
  url: string;
  port: number;
  token: string;
  kubeconfigPath: string;
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

/** Namespaces every cluster has, plus MetalLB's. */
export const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'metallb-system'];

/** Test seam: the server plus a way to end every open watch as a real API server does on timeout. */
export interface TunedApiServer extends ApiServer {
  dropWatches(): void;
  openWatches(): number;
}

async function ensureNamespaces(ctx: ApiContext) {
  const def = ctx.registry.find('', 'v1', 'namespaces');
  if (!def) throw new Error('namespaces missing from the registry');
  const missing = INITIAL_NAMESPACES.filter((name) => !ctx.store.get('namespaces', '', name));
  await Promise.all(missing.map((name) => createObject(ctx, def, undefined, { metadata: { name } }, { dryRun: false })));
}

export async function startApiServerWithTuning(opts: ApiServerOptions, tuning: Partial<ApiServerTuning> = {}): Promise<TunedApiServer> {
  const t = { ...DEFAULT_TUNING, ...tuning };
  const logger = (opts.logger ?? pino({ level: 'warn' }, pino.destination(2))).child({ module: 'apiserver' });
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const store = await Store.open(join(opts.dataDir, 'apiserver.db'));
  const token = await loadOrCreateToken(store);
  const allocator = new ServiceAllocator();
  allocator.load(store.list('services'));
  const hub = new WatchHub(store.currentRv(), t.historySize);
  store.onStage((changes) => allocator.observe(changes));
  store.onCommit((changes) => hub.publish(changes));
  const ctx: ApiContext = {
    store, allocator, hub, logger, registry: new Registry(), systemNamespace: t.systemNamespace,
    now: () => Date.now(), random: Math.random, uid: randomUUID,
  };
  await ensureNamespaces(ctx);

  const host = opts.host ?? '127.0.0.1';
  let address = '';
  const handler = createHandler(ctx, { token, serverAddress: () => address, tuning: t });
  const tls = loadOrCreateTls(opts.dataDir, Date.now());
  let listener: DualListener;
  try {
    listener = await listenDual(handler, tls, opts.port ?? 0, host, t.headerTimeoutMs);
  } catch (e) {
    await store.close();
    throw e;
  }
  const port = listener.port;
  address = `${host}:${port}`;
  const url = `http://${host}:${port}`;
  const kubeconfigPath = writeKubeconfig(opts.dataDir, `https://${host}:${port}`, token, tls.caPem);
  logger.info({ op: 'start', url, kubeconfigPath }, 'embedded API server listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      hub.closeAll();
      await listener.close();
      await store.close();
    })();
    return closing;
  };
  if (opts.signal) {
    if (opts.signal.aborted) await close();
    else opts.signal.addEventListener('abort', () => void close(), { once: true });
  }
  return { url, port, token, kubeconfigPath, close, dropWatches: () => hub.closeAll(), openWatches: () => hub.watcherCount() };
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const s = await startApiServerWithTuning(opts);
  return { url: s.url, port: s.port, token: s.token, kubeconfigPath: s.kubeconfigPath, close: s.close };
}
