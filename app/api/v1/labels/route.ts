// GET /api/v1/labels: the label keys (and their values) in use on namespaces, nodes, services and
// pools, for autocomplete in the label-selector editor.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { answer, callWorker } from '../_lib/route-kit';

export const dynamic = 'force-dynamic';

export const GET = withAuth('read', async () => answer(await callWorker('labels.get')));
