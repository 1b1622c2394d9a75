// GET /metrics: Prometheus text with MetalLB's metric names (controller, and the simulated
// speakers in embedded mode). Needs a session or an API token like every other route.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { callWorker } from '../api/v1/_lib/route-kit';

export const dynamic = 'force-dynamic';

export const GET = withAuth('read', async () => {
  const text = await callWorker('metrics');
  return new Response(text, { headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' } });
});
