// The browser end of /api/v1/stream: hands hellos and batches to the StreamCache, which keeps
// the TanStack Query cache up to date, and reconnects a lost or silent connection (the cache
// resyncs if batches were missed meanwhile). Status goes to the live-stream dot in the top bar.
import type { QueryClient } from '@tanstack/react-query';
import { apiPaths, type StreamBatch, type StreamPosition } from '@/lib/views';
import { StreamCache } from './stream-cache';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

/** The server sends a heartbeat every 10 s; silence this long means the connection is dead. */
const SILENCE_MS = 25_000;

export function startStream(qc: QueryClient, onStatus: (s: StreamStatus) => void): () => void {
  const cache = new StreamCache(qc);
  let source: EventSource | null = null;
  let connectedOnce = false;
  let silence: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const armSilence = () => {
    clearTimeout(silence);
    silence = setTimeout(() => reconnect(), SILENCE_MS);
  };

  const onHello = (e: MessageEvent<string>) => {
    armSilence();
    cache.hello(JSON.parse(e.data) as StreamPosition);
    connectedOnce = true;
    onStatus('live');
  };

  const onBatch = (e: MessageEvent<string>) => {
    armSilence();
    cache.batch(JSON.parse(e.data) as StreamBatch, e.type === 'recent');
  };

  const connect = () => {
    if (stopped) return;
    onStatus(connectedOnce ? 'reconnecting' : 'connecting');
    const es = new EventSource(apiPaths.stream);
    source = es;
    es.addEventListener('hello', onHello as EventListener);
    es.addEventListener('recent', onBatch as EventListener);
    es.addEventListener('batch', onBatch as EventListener);
    es.addEventListener('message', armSilence);
    es.onerror = () => {
      onStatus('reconnecting');
      // EventSource retries by itself unless the server answered with an error status.
      if (es.readyState === EventSource.CLOSED) setTimeout(reconnect, 2_000);
    };
    armSilence();
  };

  function reconnect() {
    source?.close();
    source = null;
    connect();
  }

  connect();
  return () => {
    stopped = true;
    clearTimeout(silence);
    cache.stop();
    source?.close();
  };
}
