// GET /api/v1/audit?actor=&action=&resource=&before=&limit=: the audit log, newest first (admin).
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { jsonError } from '@/server/http/json';
import { listAudit, parseAuditQuery } from '@/server/auth/audit';
import { syncApiServerAudit } from '@/server/auth/apiserver-audit';

export const dynamic = 'force-dynamic';

export const GET = withAuth('admin', async (request) => {
  const query = parseAuditQuery(new URL(request.url).searchParams);
  if (!query.ok) return jsonError(400, 'Invalid', query.message, query.issues);
  syncApiServerAudit();
  return Response.json(listAudit(query.value), { headers: { 'Cache-Control': 'no-store' } });
});
