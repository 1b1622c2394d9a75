// Local user accounts: create, change password or role, remove, and check a sign-in.
// Keeps at least one admin at all times; returns reasons, never throws for expected failures.
import type { AuthDb } from './db';
import { checkPassword, checkUserName, hashPassword, isRole, verifyPassword, type Role } from './passwords';
import { err, ok, type Result } from '../../lib/result';

export type User = { id: number; name: string; role: Role; createdAt: number; passwordChangedAt: number };
export type UserError = { code: 'Invalid' | 'NotFound' | 'Conflict' | 'LastAdmin'; message: string };

type UserRow = { id: number; name: string; role: Role; created_at: number; password_changed_at: number };
const toUser = (r: UserRow): User => ({
  id: r.id,
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
  passwordChangedAt: r.password_changed_at,
});

const COLUMNS = 'id, name, role, created_at, password_changed_at';

export function listUsers(db: AuthDb): User[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM users ORDER BY name`).all() as UserRow[]).map(toUser);
}

export function findUser(db: AuthDb, name: string): User | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM users WHERE name = ?`).get(name) as UserRow | undefined;
  return row && toUser(row);
}

export function countUsers(db: AuthDb): number {
  return (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
}

function invalid(message: string): Result<never, UserError> {
  return err({ code: 'Invalid', message });
}

export async function createUser(
  db: AuthDb,
  input: { name: unknown; role: unknown; password: unknown },
  now = Date.now(),
): Promise<Result<User, UserError>> {
  const problem = checkUserName(input.name) ?? checkPassword(input.password);
  if (problem) return invalid(problem);
  if (!isRole(input.role)) return invalid('role must be "admin" or "viewer"');
  const name = input.name as string;
  const hash = await hashPassword(input.password as string);
  try {
    db.prepare(
      'INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?)',
    ).run(name, input.role, hash, now, now);
  } catch (e) {
    if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw e;
    return err({ code: 'Conflict', message: `user "${name}" already exists` });
  }
  return ok(findUser(db, name)!);
}

/** New password; every session of the user ends (tokens stay: they are separate credentials). */
export async function setPassword(
  db: AuthDb,
  name: string,
  password: unknown,
  now = Date.now(),
): Promise<Result<User, UserError>> {
  const problem = checkPassword(password);
  if (problem) return invalid(problem);
  const user = findUser(db, name);
  if (!user) return err({ code: 'NotFound', message: `no user "${name}"` });
  const hash = await hashPassword(password as string);
  db.transaction(() => {
    db.prepare('UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?').run(hash, now, user.id);
    db.prepare('DELETE FROM sessions WHERE user_id = ?').run(user.id);
  })();
  return ok(findUser(db, name)!);
}

export function countAdmins(db: AuthDb): number {
  return (db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin'").get() as { n: number }).n;
}

export function setRole(db: AuthDb, name: string, role: unknown): Result<User, UserError> {
  if (!isRole(role)) return invalid('role must be "admin" or "viewer"');
  return db.transaction((): Result<User, UserError> => {
    const user = findUser(db, name);
    if (!user) return err({ code: 'NotFound', message: `no user "${name}"` });
    if (user.role === 'admin' && role !== 'admin' && countAdmins(db) === 1) {
      return err({ code: 'LastAdmin', message: `"${name}" is the last admin; make another user admin first` });
    }
    db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, user.id);
    return ok(findUser(db, name)!);
  }).immediate();
}

/** Removes the user with its sessions and tokens (ON DELETE CASCADE). */
export function deleteUser(db: AuthDb, name: string): Result<User, UserError> {
  return db.transaction((): Result<User, UserError> => {
    const user = findUser(db, name);
    if (!user) return err({ code: 'NotFound', message: `no user "${name}"` });
    if (user.role === 'admin' && countAdmins(db) === 1) {
      return err({ code: 'LastAdmin', message: `"${name}" is the last admin and cannot be removed` });
    }
    db.prepare('DELETE FROM users WHERE id = ?').run(user.id);
    return ok(user);
  }).immediate();
}

// Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
let dummyHash: Promise<string> | undefined;

/** The user when name and password match; undefined otherwise (same cost either way). */
export async function verifyCredentials(db: AuthDb, name: string, password: string): Promise<User | undefined> {
  const row = db.prepare(`SELECT ${COLUMNS}, password_hash FROM users WHERE name = ?`).get(name) as
    | (UserRow & { password_hash: string })
    | undefined;
  if (!row) {
    dummyHash ??= hashPassword('ironlb-dummy-password');
    await verifyPassword(await dummyHash, password);
    return undefined;
  }
  return (await verifyPassword(row.password_hash, password)) ? toUser(row) : undefined;
}
