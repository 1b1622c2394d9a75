// A TCP proxy in front of the embedded API server (TLS passes through untouched): it delays every
// chunk the server sends by `delayMs` (order kept), and can cut the cluster off (every connection
// dropped, new ones closed at once) and let it back. Hand-written: it is a few lines of node:net,
// and what it must do (delay answers, drop on demand) is exactly the fault under test.
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { parse, stringify } from 'yaml';

export interface FaultProxy {
  port: number;
  delayMs: number;
  /** Chunks sent from server to client so far. */
  chunks(): number;
  cut(): void;
  restore(): void;
  /** A copy of `kubeconfigPath` whose server is this proxy. */
  kubeconfigThrough(kubeconfigPath: string, outPath: string): string;
  close(): Promise<void>;
}

export async function startFaultProxy(upstreamPort: number, delayMs = 0): Promise<FaultProxy> {
  const open = new Set<Socket>();
  let isCut = false;
  let chunks = 0;
  const server = createServer((client) => {
    if (isCut) return void client.destroy();
    const upstream = createConnection(upstreamPort, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    // Timers of one delay fire in the order they were set, so the byte stream stays in order.
    upstream.on('data', (d) => {
      chunks++;
      if (proxy.delayMs === 0) client.write(d);
      else setTimeout(() => !client.destroyed && client.write(d), proxy.delayMs);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const proxy: FaultProxy = {
    port,
    delayMs,
    chunks: () => chunks,
    cut() {
      isCut = true;
      for (const s of open) s.destroy();
      open.clear();
    },
    restore() {
      isCut = false;
    },
    kubeconfigThrough(kubeconfigPath, outPath) {
      const kc = parse(readFileSync(kubeconfigPath, 'utf8')) as { clusters: { cluster: { server: string } }[] };
      for (const c of kc.clusters) {
        const url = new URL(c.cluster.server);
        url.port = String(port);
        c.cluster.server = url.origin;
      }
      writeFileSync(outPath, stringify(kc), { mode: 0o600 });
      return outPath;
    },
    async close() {
      proxy.cut();
      server.close();
      await once(server, 'close');
    },
  };
  return proxy;
}
