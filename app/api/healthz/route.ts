import 'server-only';
import { getWorkerHost } from '@/server/worker/host';

export const dynamic = 'force-dynamic';

/** 200 with worker "up" only when the worker answers a ping now; 503 otherwise. */
export async function GET(): Promise<Response> {
  const host = getWorkerHost();
  try {
    const pong = await host.request<Record<string, unknown>>('ping', {}, 2_000);
    return Response.json({ worker: 'up', ...pong, restarts: host.info().restarts });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return Response.json({ worker: 'down', message, ...host.info() }, { status: 503 });
  }
}
