import 'server-only';
import { getWorkerHost } from '@/server/host/worker-host';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'Cache-Control': 'no-store' };

/**
 * Liveness only, for probes and without a session: 200 when the worker answers a ping now, 503 otherwise.
 * Nothing else (no paths, no versions, no errors): the signed-in views say the rest.
 */
export async function GET(): Promise<Response> {
  try {
    await getWorkerHost().request('ping', {}, 2_000);
    return Response.json({ worker: 'up' }, { headers: NO_STORE });
  } catch {
    return Response.json({ worker: 'down' }, { status: 503, headers: NO_STORE });
  }
}
