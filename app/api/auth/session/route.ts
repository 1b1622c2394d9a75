// GET /api/auth/session: who is signed in (name, role, via) - for the top bar; 401 when nobody.
import 'server-only';
import { withAuth } from '@/server/auth/route';

export const dynamic = 'force-dynamic';

export const GET = withAuth('read', async (_request, _context: unknown, principal) =>
  Response.json(principal, { headers: { 'Cache-Control': 'no-store' } }),
);
