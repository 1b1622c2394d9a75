import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { asksForGzip, createRequester } from './request';

describe('asksForGzip', () => {
  const cases: [string, boolean][] = [
    ['https://127.0.0.1:6443', false],
    ['https://127.0.0.53', false],
    ['https://[::1]:6443', false],
    ['https://localhost:6443', false],
    ['https://10.96.0.1', true],
    ['https://[2001:db8::1]:6443', true],
    ['https://kube.example.com', true],
    ['https://127.example.com', true],
  ];
  for (const [server, want] of cases) it(`${server}: ${want}`, () => expect(asksForGzip(server)).toBe(want));
});

describe('createRequester on an API server on this machine', () => {
  it('asks for the answer uncompressed, and reads it', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const srv = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'ServiceList', items: [] }));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const kc = new KubeConfig();
      const { port } = srv.address() as AddressInfo;
      kc.loadFromOptions({
        clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
        users: [{ name: 'u' }],
        contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
        currentContext: 'x',
      });
      const answer = await createRequester(kc)({ method: 'GET', path: '/api/v1/services' });
      expect(answer).toEqual({ kind: 'ServiceList', items: [] });
      expect(seen.map((h) => h['accept-encoding'])).toEqual(['identity']);
    } finally {
      await new Promise((r) => srv.close(r));
    }
  });
});
