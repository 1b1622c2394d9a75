// PATCH /api/auth/users/:name {role?, password?, resetPassword?} and DELETE (admin only). The
// last admin can be neither demoted nor removed; a password change signs the user out.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { readJsonBody } from '@/server/http/json';
import { parseOr422, updateUserSchema } from '@/server/auth/schemas';
import { prepareAuth } from '@/server/auth/store';
import { changeUser, removeUser } from '@/server/auth/manage';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ name: string }> };

export const PATCH = withAuth('admin', async (request, context: Context, principal) => {
  const { name } = await context.params;
  const body = await readJsonBody(request, 4096);
  if (!body.ok) return body.response;
  const input = parseOr422(updateUserSchema, body.value);
  if (!input.ok) return input.response;
  return changeUser(await prepareAuth(), principal, name, input.value);
});

export const DELETE = withAuth('admin', async (_request, context: Context, principal) => {
  const { name } = await context.params;
  return removeUser(await prepareAuth(), principal, name);
});
