// GET /api/v1/stream: server-sent events. `recent` replays the last batches kept in this process
// (server/host/stream-feed), oldest first, so data the browser loaded a moment ago catches
// up; `batch` carries each StreamBatch from then on; `hello` carries the worker's (epoch, seq),
// so a reconnecting browser knows whether it still missed anything.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { getWorkerHost } from '@/server/host/worker-host';
import { getStreamFeed } from '@/server/host/stream-feed';

export const dynamic = 'force-dynamic';

/** Comment lines keep proxies from closing an idle stream; the browser treats a gap as a drop. */
const HEARTBEAT_MS = 10_000;
/** Tell EventSource to reconnect quickly after a drop. */
const RETRY_MS = 1_000;

export const GET = withAuth('read', async (request) => {
  const host = getWorkerHost();
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const write = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const send = (event: string, data: unknown) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      // Subscribe before asking for the position: a batch then always arrives before the hello naming it.
      const feed = getStreamFeed(host);
      const unsubscribe = feed.subscribe((json) => write(`event: batch\ndata: ${json}\n\n`));
      // In the same turn as subscribing, so no batch falls between the replay and the live ones.
      for (const json of feed.recent()) write(`event: recent\ndata: ${json}\n\n`);
      const heartbeat = setInterval(() => write(': keep-alive\n\n'), HEARTBEAT_MS);
      cleanup = () => {
        if (!open) return;
        open = false;
        unsubscribe();
        clearInterval(heartbeat);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener('abort', cleanup, { once: true });
      write(`retry: ${RETRY_MS}\n\n`);
      host.request('stream.position', {}, 5_000).then(
        (position) => send('hello', position),
        (err: unknown) => send('unavailable', { message: err instanceof Error ? err.message : String(err) }),
      );
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    },
  });
});
