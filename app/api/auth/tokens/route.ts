// GET /api/auth/tokens: your API tokens (admins: ?all=1 for everyone's). POST {name,
// expiresInDays?}: a new token for you, returned once; it acts with your role.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { jsonError, readJsonBody } from '@/server/http/json';
import { createTokenSchema, parseOr422 } from '@/server/auth/schemas';
import { prepareAuth } from '@/server/auth/store';
import { listTokens } from '@/server/auth/tokens';
import { addToken } from '@/server/auth/manage';

export const dynamic = 'force-dynamic';

export const GET = withAuth('read', async (request, _context: unknown, principal) => {
  const all = new URL(request.url).searchParams.get('all');
  if (all !== null && all !== '1') return jsonError(400, 'Invalid', 'query parameter "all" must be 1 when given');
  if (all === '1' && principal.role !== 'admin') return jsonError(403, 'Forbidden', "listing everyone's tokens needs the admin role");
  const db = await prepareAuth();
  return Response.json({ items: listTokens(db, all === '1' ? undefined : principal.name) });
});

// Creating a token is not a cluster change: a viewer may make a (read-only) token for its scripts.
export const POST = withAuth('read', async (request, _context: unknown, principal) => {
  const body = await readJsonBody(request, 4096);
  if (!body.ok) return body.response;
  const input = parseOr422(createTokenSchema, body.value);
  if (!input.ok) return input.response;
  return addToken(await prepareAuth(), principal, input.value);
});
