// GET /api/auth/users: every account (admin). POST {name, role, password?}: a new account; without
// a password one is generated and returned once.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { readJsonBody } from '@/server/http/json';
import { createUserSchema, parseOr422 } from '@/server/auth/schemas';
import { prepareAuth } from '@/server/auth/store';
import { listUsers } from '@/server/auth/users';
import { addUser, toUserView } from '@/server/auth/manage';

export const dynamic = 'force-dynamic';

export const GET = withAuth('admin', async () => {
  const db = await prepareAuth();
  return Response.json({ items: listUsers(db).map(toUserView) });
});

export const POST = withAuth('admin', async (request, _context: unknown, principal) => {
  const body = await readJsonBody(request, 4096);
  if (!body.ok) return body.response;
  const input = parseOr422(createUserSchema, body.value);
  if (!input.ok) return input.response;
  return addUser(await prepareAuth(), principal, input.value);
});
