// A speaker's informers against the embedded API server: starting them and waiting for their
// first list on one signal is no "possible memory leak" on stderr (an operator reads that warning
// as a leak; it came from seven informers each listening on the speaker's signal).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpeakerSources } from '../../server/speaker/sources';
import { NS, startCluster, type Cluster } from './support';

describe("a speaker's sources", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('start and sync on one signal without a MaxListenersExceededWarning, and stop with it', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const ac = new AbortController();
      const sources = createSpeakerSources({ kube: cluster.kube, systemNamespace: NS });
      const running = sources.start(ac.signal);
      // Several waiters at once, as the speaker's parts each wait for the first list.
      const synced = await Promise.all(Array.from({ length: 4 }, () => sources.waitForSync(ac.signal)));
      expect(synced).toEqual([true, true, true, true]);
      expect(sources.hasSynced()).toBe(true);
      ac.abort();
      await running;
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('stops waiting for the first list when its signal aborts', async () => {
    const sources = createSpeakerSources({ kube: cluster.kube, systemNamespace: NS });
    const ac = new AbortController();
    const waiting = sources.waitForSync(ac.signal); // never started: it would wait for ever
    ac.abort();
    expect(await waiting).toBe(false);
  });
});
