// GET /api/v1/preflight: kube-proxy strictARP, pools without advertisement, missing interfaces,
// pending services and why, speakers.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { answer, callWorker } from '../_lib/route-kit';

export const dynamic = 'force-dynamic';

export const GET = withAuth('read', async () => answer(await callWorker('preflight.get')));
