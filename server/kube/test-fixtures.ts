// For server/kube's tests: a loopback HTTP server standing in for an API server where only a
// stub can misbehave on demand (close watches at once, answer 410, send a broken line), and a
// client bound to it through a KubeConfig with a bearer token, as a real one would be.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { createKube } from './client';

export type StubHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

/** The token the stub's KubeConfig sends. */
export const STUB_TOKEN = 'stub-token';

export async function startStub(handler: StubHandler) {
  const requests: URL[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url);
    res.setHeader('Content-Type', 'application/json');
    handler(req, res, url);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    // client-node allows plain http only when told to skip TLS verification.
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: STUB_TOKEN }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return {
    kc,
    kube: createKube({ kubeConfig: kc }),
    requests,
    watches: () => requests.filter((u) => u.searchParams.get('watch') === 'true'),
    lists: () => requests.filter((u) => u.searchParams.get('watch') !== 'true'),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
