// Browser sessions: a random id in an HttpOnly cookie, its sha256 in SQLite, with an absolute
// lifetime and an idle timeout. Ending a session deletes its row; nothing else is needed.
import type { AuthDb } from './db';
import type { Role } from './passwords';
import { digestSecret, generateSecret } from './secrets';

export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000; // one working day, then sign in again
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
const TOUCH_EVERY_MS = 60 * 1000; // at most one write per session per minute

export type SessionUser = { userId: number; name: string; role: Role };

export function createSession(db: AuthDb, userId: number, now = Date.now()): { id: string; expiresAt: number } {
  const id = generateSecret();
  const expiresAt = now + SESSION_MAX_AGE_MS;
  db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?').run(now, now - SESSION_IDLE_MS);
  db.prepare('INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
    digestSecret(id),
    userId,
    now,
    now,
    expiresAt,
  );
  return { id, expiresAt };
}

type Row = { user_id: number; name: string; role: Role; last_seen_at: number; expires_at: number };

/** The signed-in user of a session id, or undefined when unknown, expired or idle too long. */
export function resolveSession(db: AuthDb, id: string, now = Date.now()): SessionUser | undefined {
  if (id.length === 0 || id.length > 128) return undefined;
  const hash = digestSecret(id);
  const row = db
    .prepare(
      `SELECT s.user_id, u.name, u.role, s.last_seen_at, s.expires_at
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`,
    )
    .get(hash) as Row | undefined;
  if (!row) return undefined;
  if (row.expires_at <= now || row.last_seen_at + SESSION_IDLE_MS <= now) {
    db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(hash);
    return undefined;
  }
  if (now - row.last_seen_at >= TOUCH_EVERY_MS) {
    db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(now, hash);
  }
  return { userId: row.user_id, name: row.name, role: row.role };
}

export function deleteSession(db: AuthDb, id: string): void {
  db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(digestSecret(id));
}
