// GET /api/v1/cluster: which cluster the dashboard manages (embedded or real) and how to reach it.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { answer, callWorker } from '../_lib/route-kit';

export const dynamic = 'force-dynamic';

export const GET = withAuth('read', async () => answer(await callWorker('cluster.info')));
