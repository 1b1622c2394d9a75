// GET /api/v1/overview: counts by state, pools, announcers, latest events, preflight counts.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { answer, callWorker } from '../_lib/route-kit';

export const dynamic = 'force-dynamic';

export const GET = withAuth('read', async () => answer(await callWorker('overview.get')));
