// Watch output under a steady stream of changes: batched into one write per flush interval, while
// a change after a quiet spell still leaves at once. The interval is stretched to 2 s here so the
// two cases are seconds apart, not milliseconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configMap, startTestServer, type TestServer } from './harness';

const INTERVAL_MS = 2000;
let s: TestServer;
beforeAll(async () => { s = await startTestServer({ flushIntervalMs: INTERVAL_MS }); });
afterAll(async () => { await s.stop(); });

const cms = '/api/v1/namespaces/default/configmaps';

/** A watch that notes when each chunk of its stream arrived and which events it carried. */
async function openWatch() {
  const rv = (await s.call('GET', cms)).json.metadata.resourceVersion as string;
  const controller = new AbortController();
  const res = await fetch(`${s.url}${cms}?watch=true&resourceVersion=${rv}`, { headers: { Authorization: `Bearer ${s.token}` }, signal: controller.signal });
  const chunks: { at: number; names: string[] }[] = [];
  const reading = (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      chunks.push({ at: Date.now(), names: lines.map((l) => JSON.parse(l).object.metadata.name as string) });
    }
  })();
  const names = () => chunks.flatMap((c) => c.names);
  const until = async (name: string) => {
    const deadline = Date.now() + 3 * INTERVAL_MS;
    while (!names().includes(name) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return chunks.find((c) => c.names.includes(name))?.at;
  };
  return { chunks, names, until, close: async () => { controller.abort(); await reading; } };
}

describe('watch output under load', () => {
  it('sends a burst of changes in a few writes instead of one per change, losing none', async () => {
    const w = await openWatch();
    const names = Array.from({ length: 40 }, (_, i) => `burst-${i}`);
    for (const name of names) await s.call('POST', cms, configMap(name));
    await w.until(names.at(-1)!);
    await w.close();
    expect(w.names()).toEqual(names);
    // The first change leaves at once, the other 39 wait for the interval: two writes, not forty.
    expect(w.chunks.length).toBeLessThanOrEqual(3);
  });

  it('sends a change after a quiet spell at once, without waiting for the interval', async () => {
    const w = await openWatch();
    await s.call('POST', cms, configMap('before-quiet'));
    await w.until('before-quiet');
    await new Promise((r) => setTimeout(r, INTERVAL_MS + 200));
    const sent = Date.now();
    await s.call('POST', cms, configMap('after-quiet'));
    const arrived = await w.until('after-quiet');
    await w.close();
    expect(arrived).toBeDefined();
    expect(arrived! - sent).toBeLessThan(INTERVAL_MS / 2);
  });
});
