// API tokens for scripts and CI (`Authorization: Bearer ilb_...`). Shown once at creation; only
// the sha256 is stored. A token acts as its user, with the user's current role.
import type { AuthDb } from './db';
import type { Role } from './passwords';
import { digestSecret, generateSecret } from './secrets';
import { err, ok, type Result } from '../../lib/result';

export const TOKEN_PREFIX = 'ilb_';
const TOKEN_NAME_MAX = 100;
const TOKEN_DAYS_MAX = 3650;
const DAY_MS = 24 * 60 * 60 * 1000;

export type TokenInfo = {
  id: number;
  user: string;
  name: string;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
};
export type TokenError = { code: 'Invalid' | 'NotFound'; message: string };

/** Why a token label or lifetime is unacceptable, or undefined. */
export function checkTokenInput(name: unknown, expiresInDays: unknown): string | undefined {
  if (typeof name !== 'string' || name.trim().length === 0) return 'token name is required';
  if (name.length > TOKEN_NAME_MAX) return `token name must have at most ${TOKEN_NAME_MAX} characters`;
  if (expiresInDays === undefined || expiresInDays === null) return undefined;
  if (!Number.isInteger(expiresInDays) || (expiresInDays as number) < 1 || (expiresInDays as number) > TOKEN_DAYS_MAX) {
    return `expiresInDays must be a whole number from 1 to ${TOKEN_DAYS_MAX}`;
  }
  return undefined;
}

export function createToken(
  db: AuthDb,
  userId: number,
  input: { name: unknown; expiresInDays?: unknown },
  now = Date.now(),
): Result<{ token: string; info: TokenInfo }, TokenError> {
  const problem = checkTokenInput(input.name, input.expiresInDays);
  if (problem) return err({ code: 'Invalid', message: problem });
  const token = generateSecret(TOKEN_PREFIX);
  const expiresAt = typeof input.expiresInDays === 'number' ? now + input.expiresInDays * DAY_MS : null;
  const { lastInsertRowid } = db
    .prepare('INSERT INTO tokens (user_id, name, token_hash, prefix, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(userId, input.name, digestSecret(token), token.slice(0, TOKEN_PREFIX.length + 6), now, expiresAt);
  return ok({ token, info: findToken(db, Number(lastInsertRowid))! });
}

const SELECT = `SELECT t.id, u.name AS user, t.name, t.prefix, t.created_at AS createdAt,
  t.last_used_at AS lastUsedAt, t.expires_at AS expiresAt FROM tokens t JOIN users u ON u.id = t.user_id`;

export function findToken(db: AuthDb, id: number): TokenInfo | undefined {
  return db.prepare(`${SELECT} WHERE t.id = ?`).get(id) as TokenInfo | undefined;
}

/** Tokens of one user, or of everyone when user is undefined. */
export function listTokens(db: AuthDb, user?: string): TokenInfo[] {
  if (user === undefined) return db.prepare(`${SELECT} ORDER BY u.name, t.id`).all() as TokenInfo[];
  return db.prepare(`${SELECT} WHERE u.name = ? ORDER BY t.id`).all(user) as TokenInfo[];
}

export function revokeToken(db: AuthDb, id: number): Result<TokenInfo, TokenError> {
  const info = findToken(db, id);
  if (!info) return err({ code: 'NotFound', message: `no token with id ${id}` });
  db.prepare('DELETE FROM tokens WHERE id = ?').run(id);
  return ok(info);
}

type Row = { id: number; user_id: number; name: string; role: Role; expires_at: number | null; last_used_at: number | null };

/** The user a bearer token acts as, or undefined when unknown or expired. */
export function resolveToken(
  db: AuthDb,
  token: string,
  now = Date.now(),
): { userId: number; name: string; role: Role; tokenId: number } | undefined {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 128) return undefined;
  const row = db
    .prepare(
      `SELECT t.id, t.user_id, u.name, u.role, t.expires_at, t.last_used_at
       FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`,
    )
    .get(digestSecret(token)) as Row | undefined;
  if (!row || (row.expires_at !== null && row.expires_at <= now)) return undefined;
  if (row.last_used_at === null || now - row.last_used_at >= 60_000) {
    db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?').run(now, row.id);
  }
  return { userId: row.user_id, name: row.name, role: row.role, tokenId: row.id };
}
