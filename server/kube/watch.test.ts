// The watch reader: lines cut from raw chunks however they fall (a character split between two
// chunks included), and against a loopback HTTP server that answers as an API server would:
// events in order, a line that is not JSON ends the watch with an error (client-node's Watch
// dropped it silently), a 410 carries its status code, abort ends it once. The embedded API
// server never sends a broken line, hence the small server here; informers against the real one
// are covered in test/kube.
import type { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { isGone } from './errors';
import { startStub, STUB_TOKEN, type StubHandler } from './test-fixtures';
import { createWatcher, lineSplitter } from './watch';

describe('lineSplitter', () => {
  it('cuts lines at newlines across chunks and decodes a character split between two chunks', () => {
    const lines: string[] = [];
    const feed = lineSplitter((l) => lines.push(l));
    const bytes = Buffer.from('{"a":1}\n{"b":"näme"}\n\n{"c":', 'utf8');
    const split = bytes.indexOf(Buffer.from('ä')) + 1; // inside the two bytes of ä
    feed(bytes.subarray(0, 3));
    feed(bytes.subarray(3, split));
    feed(bytes.subarray(split));
    feed(Buffer.from('3}\n'));
    expect(lines).toEqual(['{"a":1}', '{"b":"näme"}', '{"c":3}']);
  });

  it('holds a line that has not ended yet', () => {
    const lines: string[] = [];
    const feed = lineSplitter((l) => lines.push(l));
    feed(Buffer.from('{"a"'));
    feed(Buffer.from(':1}'));
    expect(lines).toEqual([]);
    feed(Buffer.from('\n'));
    expect(lines).toEqual(['{"a":1}']);
  });
});

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** A loopback server answering every watch with `answer`, closed after the test. */
async function serve(answer: StubHandler) {
  const stub = await startStub(answer);
  stops.push(stub.close);
  return stub;
}

function watchAll(kc: KubeConfig) {
  const events: string[] = [];
  let resolveDone: (err: unknown) => void = () => {};
  const done = new Promise<unknown>((r) => (resolveDone = r));
  let calls = 0;
  const started = createWatcher(kc)(
    '/api/v1/configmaps',
    { resourceVersion: '7', allowWatchBookmarks: true, labelSelector: undefined },
    (type, object) => events.push(`${type} ${(object as { metadata?: { name?: string } }).metadata?.name}`),
    (err) => {
      calls++;
      resolveDone(err);
    },
  );
  return { events, done, started, doneCalls: () => calls };
}

describe('createWatcher', () => {
  it('delivers every event in order however the stream is chunked, with the credentials and query of the request', async () => {
    let seen: { url?: URL; auth?: string } = {};
    const { kc } = await serve((req, res, url) => {
      seen = { url, auth: req.headers.authorization };
      res.writeHead(200, { 'content-type': 'application/json' });
      const text = ['a', 'b', 'c'].map((n) => JSON.stringify({ type: 'ADDED', object: { metadata: { name: n } } })).join('\n') + '\n';
      res.write(text.slice(0, 10));
      setTimeout(() => res.end(text.slice(10)), 20);
    });
    const w = watchAll(kc);
    expect(await w.done).toBeNull();
    expect(w.events).toEqual(['ADDED a', 'ADDED b', 'ADDED c']);
    expect(seen.auth).toBe(`Bearer ${STUB_TOKEN}`);
    expect(seen.url?.searchParams.get('watch')).toBe('true');
    expect(seen.url?.searchParams.get('resourceVersion')).toBe('7');
    expect(seen.url?.searchParams.has('labelSelector')).toBe(false);
  });

  it('ends the watch with an error on a line that is not JSON, and delivers nothing after it', async () => {
    const { kc } = await serve((_req, res) => {
      res.writeHead(200);
      res.end('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n{"type":"ADDED",\n{"type":"ADDED","object":{"metadata":{"name":"c"}}}\n');
    });
    const w = watchAll(kc);
    const err = await w.done;
    expect(String(err)).toMatch(/not JSON/);
    expect(w.events).toEqual(['ADDED a']);
  });

  it('a 410 ends the watch with its status code and the API server message', async () => {
    const { kc } = await serve((_req, res) => {
      res.writeHead(410, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 7 (900)' }));
    });
    const err = await watchAll(kc).done;
    expect(isGone(err)).toBe(true);
    expect(String(err)).toMatch(/HTTP 410: too old resource version/);
  });

  it('abort ends the watch once, and events the server sends later are not delivered', async () => {
    let respond: ((line: string) => void) | undefined;
    const { kc } = await serve((_req, res) => {
      res.writeHead(200);
      res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a' } } })}\n`);
      respond = (line) => res.write(line);
    });
    const w = watchAll(kc);
    const watch = await w.started;
    while (w.events.length === 0) await new Promise((r) => setTimeout(r, 5));
    watch.abort();
    watch.abort();
    respond?.(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'b' } } })}\n`);
    await new Promise((r) => setTimeout(r, 50));
    expect(await w.done).toBeNull();
    expect(w.doneCalls()).toBe(1);
    expect(w.events).toEqual(['ADDED a']);
  });

  it('a server that cannot be reached ends the watch with the connection error', async () => {
    const stub = await startStub((_req, res) => res.end());
    await stub.close();
    const err = await watchAll(stub.kc).done;
    expect((err as { code?: string }).code).toBe('ECONNREFUSED');
  });
});
