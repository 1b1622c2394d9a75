// GET /api/v1/nodes: every node's announcer health, lease age, IPs announced, counters.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { answer, callWorker } from '../_lib/route-kit';

export const dynamic = 'force-dynamic';

export const GET = withAuth('read', async () => answer(await callWorker('nodes.list')));
