// User and token management behind the auth routes, each successful change audited. Returns
// values the routes map straight to HTTP; never throws for expected failures.
import 'server-only';
import type { AuthDb } from './db';
import type { Principal } from './check-request';
import { createUser, deleteUser, findUser, setPassword, setRole, verifyCredentials, type User, type UserError } from './users';
import { generatePassword, type Role } from './passwords';
import { createToken, findToken, revokeToken, type TokenInfo } from './tokens';
import { jsonError } from '../http/json';
import { recordAudit } from './audit';

const STATUS: Record<UserError['code'] | 'Forbidden', number> = { Invalid: 422, NotFound: 404, Conflict: 409, LastAdmin: 409, Forbidden: 403 };

export function toUserView(user: User) {
  return { name: user.name, role: user.role, createdAt: user.createdAt, passwordChangedAt: user.passwordChangedAt };
}

const toTokenView = (t: TokenInfo) => ({ ...t });

export function failure(e: { code: keyof typeof STATUS; message: string }): Response {
  return jsonError(STATUS[e.code], e.code, e.message);
}

export async function addUser(db: AuthDb, by: Principal, input: { name: string; role: Role; password?: string }): Promise<Response> {
  const password = input.password ?? generatePassword();
  const created = await createUser(db, { ...input, password });
  if (!created.ok) return failure(created.error);
  const after = toUserView(created.value);
  recordAudit({ principal: by, action: 'create', resource: `User/${after.name}`, before: null, after });
  // A generated password is shown to the admin once, in this answer only.
  return Response.json({ user: after, ...(input.password ? {} : { password }) }, { status: 201 });
}

export async function changeUser(
  db: AuthDb,
  by: Principal,
  name: string,
  input: { role?: Role; password?: string; resetPassword?: true },
): Promise<Response> {
  const existing = findUser(db, name);
  if (!existing) return failure({ code: 'NotFound', message: `no user "${name}"` });
  const before = toUserView(existing);
  let user = existing;
  if (input.role !== undefined) {
    const changed = setRole(db, name, input.role);
    if (!changed.ok) return failure(changed.error);
    user = changed.value;
  }
  const password = input.password ?? (input.resetPassword ? generatePassword() : undefined);
  if (password !== undefined) {
    const changed = await setPassword(db, name, password);
    if (!changed.ok) return failure(changed.error);
    user = changed.value;
  }
  const after = toUserView(user);
  recordAudit({ principal: by, action: 'update', resource: `User/${name}`, before, after });
  return Response.json({ user: after, ...(input.resetPassword && !input.password ? { password } : {}) });
}

export function removeUser(db: AuthDb, by: Principal, name: string): Response {
  if (by.name.toLowerCase() === name.toLowerCase()) {
    return failure({ code: 'Forbidden', message: 'you cannot remove your own account' });
  }
  const removed = deleteUser(db, name);
  if (!removed.ok) return failure(removed.error);
  recordAudit({ principal: by, action: 'delete', resource: `User/${removed.value.name}`, before: toUserView(removed.value), after: null });
  return new Response(null, { status: 204 });
}

export async function changeOwnPassword(db: AuthDb, by: Principal, current: string, password: string): Promise<Response> {
  const user = await verifyCredentials(db, by.name, current);
  if (!user) return jsonError(403, 'Forbidden', 'current password is wrong');
  const changed = await setPassword(db, by.name, password);
  if (!changed.ok) return failure(changed.error);
  recordAudit({ principal: by, action: 'update', resource: `User/${by.name}`, before: toUserView(user), after: toUserView(changed.value) });
  return Response.json({ user: toUserView(changed.value), signedOut: true });
}

export function addToken(db: AuthDb, by: Principal, input: { name: string; expiresInDays?: number }): Response {
  const user = findUser(db, by.name);
  if (!user) return failure({ code: 'NotFound', message: `no user "${by.name}"` });
  const created = createToken(db, user.id, input);
  if (!created.ok) return failure(created.error);
  const after = toTokenView(created.value.info);
  recordAudit({ principal: by, action: 'create', resource: `Token/${user.name}/${after.id}`, before: null, after });
  // The token itself is shown once, in this answer only; only its sha256 is kept.
  return Response.json({ token: created.value.token, info: after }, { status: 201 });
}

export function removeToken(db: AuthDb, by: Principal, id: number): Response {
  const info = findToken(db, id);
  // Someone else's token looks the same as a missing one to a non-admin.
  if (!info || (by.role !== 'admin' && info.user !== by.name)) return failure({ code: 'NotFound', message: `no token with id ${id}` });
  const revoked = revokeToken(db, id);
  if (!revoked.ok) return failure(revoked.error);
  recordAudit({ principal: by, action: 'delete', resource: `Token/${info.user}/${id}`, before: toTokenView(info), after: null });
  return new Response(null, { status: 204 });
}
