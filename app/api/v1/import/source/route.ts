// GET /api/v1/import/source: the legacy ConfigMap stored in the cluster (metallb-system/config), to paste.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { answer, callWorker } from '../../_lib/route-kit';

export const dynamic = 'force-dynamic';

export const GET = withAuth('read', async () => answer(await callWorker('import.source')));
