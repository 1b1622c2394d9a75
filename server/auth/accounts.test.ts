import { describe, expect, it } from 'vitest';
import { openTestDb } from './test-db';
import { createUser, deleteUser, findUser, setPassword, setRole, verifyCredentials } from './users';
import { createSession, resolveSession, SESSION_IDLE_MS, SESSION_MAX_AGE_MS } from './sessions';
import { createToken, listTokens, resolveToken, revokeToken } from './tokens';
import { ensureFirstAdmin } from './first-admin';

async function withAdmin() {
  const db = openTestDb();
  const admin = await createUser(db, { name: 'root', role: 'admin', password: 'correct horse' });
  if (!admin.ok) throw new Error('setup');
  return { db, admin: admin.value };
}

describe('users', () => {
  it('stores an argon2id hash, never the password', async () => {
    const { db } = await withAdmin();
    const row = db.prepare('SELECT password_hash FROM users').get() as { password_hash: string };
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(row.password_hash).not.toContain('correct horse');
  });

  it.each([
    { input: { name: 'a b', role: 'viewer', password: 'longenough' }, code: 'Invalid' },
    { input: { name: 'bob', role: 'root', password: 'longenough' }, code: 'Invalid' },
    { input: { name: 'bob', role: 'viewer', password: 'short' }, code: 'Invalid' },
    { input: { name: 'ROOT', role: 'viewer', password: 'longenough' }, code: 'Conflict' },
  ])('refuses $input.name / $input.role as $code', async ({ input, code }) => {
    const { db } = await withAdmin();
    const result = await createUser(db, input);
    expect(result).toMatchObject({ ok: false, error: { code } });
  });

  it('checks credentials: right, wrong password, unknown user', async () => {
    const { db } = await withAdmin();
    expect((await verifyCredentials(db, 'root', 'correct horse'))?.name).toBe('root');
    expect(await verifyCredentials(db, 'root', 'wrong horse')).toBeUndefined();
    expect(await verifyCredentials(db, 'nobody', 'correct horse')).toBeUndefined();
  });

  it('never lets the last admin go: no demotion, no removal', async () => {
    const { db } = await withAdmin();
    expect(setRole(db, 'root', 'viewer')).toMatchObject({ ok: false, error: { code: 'LastAdmin' } });
    expect(deleteUser(db, 'root')).toMatchObject({ ok: false, error: { code: 'LastAdmin' } });
    await createUser(db, { name: 'second', role: 'admin', password: 'longenough' });
    expect(setRole(db, 'root', 'viewer')).toMatchObject({ ok: true });
  });

  it('a new password ends every session of the user', async () => {
    const { db, admin } = await withAdmin();
    const session = createSession(db, admin.id);
    await setPassword(db, 'root', 'another password');
    expect(resolveSession(db, session.id)).toBeUndefined();
  });

  it('removing a user removes its sessions and tokens', async () => {
    const { db } = await withAdmin();
    const viewer = await createUser(db, { name: 'vic', role: 'viewer', password: 'longenough' });
    if (!viewer.ok) throw new Error('setup');
    const session = createSession(db, viewer.value.id);
    const token = createToken(db, viewer.value.id, { name: 'ci' });
    deleteUser(db, 'vic');
    expect(resolveSession(db, session.id)).toBeUndefined();
    expect(token.ok && resolveToken(db, token.value.token)).toBeUndefined();
  });
});

describe('sessions', () => {
  it.each([
    { why: 'right after sign-in', after: 0, valid: true },
    { why: 'after an hour of idling', after: 60 * 60 * 1000, valid: true },
    { why: 'after idling past the idle timeout', after: SESSION_IDLE_MS, valid: false },
  ])('is valid $why: $valid', async ({ after, valid }) => {
    const { db, admin } = await withAdmin();
    const session = createSession(db, admin.id, 0);
    expect(resolveSession(db, session.id, after) !== undefined).toBe(valid);
  });

  it('ends at its absolute lifetime even when used all along', async () => {
    const { db, admin } = await withAdmin();
    const session = createSession(db, admin.id, 0);
    for (let t = 0; t < SESSION_MAX_AGE_MS; t += SESSION_IDLE_MS / 2) expect(resolveSession(db, session.id, t)).toBeDefined();
    expect(resolveSession(db, session.id, SESSION_MAX_AGE_MS)).toBeUndefined();
  });

  it('stores only a digest of the session id', async () => {
    const { db, admin } = await withAdmin();
    const session = createSession(db, admin.id);
    const row = db.prepare('SELECT id_hash FROM sessions').get() as { id_hash: string };
    expect(row.id_hash).not.toContain(session.id);
    expect(row.id_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('follows the role of the user as it is now', async () => {
    const { db } = await withAdmin();
    const other = await createUser(db, { name: 'other', role: 'admin', password: 'longenough' });
    if (!other.ok) throw new Error('setup');
    const session = createSession(db, other.value.id);
    setRole(db, 'other', 'viewer');
    expect(resolveSession(db, session.id)?.role).toBe('viewer');
  });
});

describe('tokens', () => {
  it('resolves a token to its user, stores only a digest, and stops after revocation', async () => {
    const { db, admin } = await withAdmin();
    const made = createToken(db, admin.id, { name: 'ci' });
    if (!made.ok) throw new Error('setup');
    expect(made.value.token.startsWith('ilb_')).toBe(true);
    expect(resolveToken(db, made.value.token)?.name).toBe('root');
    const stored = db.prepare('SELECT token_hash FROM tokens').get() as { token_hash: string };
    expect(stored.token_hash).not.toContain(made.value.token.slice(4));
    revokeToken(db, made.value.info.id);
    expect(resolveToken(db, made.value.token)).toBeUndefined();
  });

  it('expires', async () => {
    const { db, admin } = await withAdmin();
    const made = createToken(db, admin.id, { name: 'ci', expiresInDays: 1 }, 0);
    if (!made.ok) throw new Error('setup');
    expect(resolveToken(db, made.value.token, 86_400_000 - 1)).toBeDefined();
    expect(resolveToken(db, made.value.token, 86_400_000)).toBeUndefined();
  });

  it.each([
    { input: { name: '' }, why: 'no label' },
    { input: { name: 'x'.repeat(101) }, why: 'a label over 100 characters' },
    { input: { name: 'ci', expiresInDays: 0 }, why: 'zero days' },
    { input: { name: 'ci', expiresInDays: 1.5 }, why: 'a fraction of days' },
  ])('refuses $why', async ({ input }) => {
    const { db, admin } = await withAdmin();
    expect(createToken(db, admin.id, input)).toMatchObject({ ok: false, error: { code: 'Invalid' } });
    expect(listTokens(db)).toHaveLength(0);
  });
});

describe('first admin', () => {
  it('takes IRONLB_ADMIN_PASSWORD and prints nothing', async () => {
    const db = openTestDb();
    const printed: string[] = [];
    expect(await ensureFirstAdmin(db, { envPassword: 'from the env', print: (t) => printed.push(t) })).toEqual({ created: true, generated: false });
    expect(printed).toEqual([]);
    expect(await verifyCredentials(db, 'admin', 'from the env')).toBeDefined();
  });

  it('generates a password, prints it once, and never again', async () => {
    const db = openTestDb();
    const printed: string[] = [];
    await ensureFirstAdmin(db, { print: (t) => printed.push(t) });
    await ensureFirstAdmin(db, { print: (t) => printed.push(t) });
    expect(printed).toHaveLength(1);
    const password = /password:\n\s+(\S+)/.exec(printed[0])?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(await verifyCredentials(db, 'admin', password)).toBeDefined();
  });

  it('refuses a too short IRONLB_ADMIN_PASSWORD', async () => {
    await expect(ensureFirstAdmin(openTestDb(), { envPassword: 'short', print: () => undefined })).rejects.toThrow(/IRONLB_ADMIN_PASSWORD/);
  });

  it('does nothing when an admin exists', async () => {
    const { db } = await withAdmin();
    expect(await ensureFirstAdmin(db, { print: () => undefined })).toEqual({ created: false });
    expect(findUser(db, 'admin')).toBeUndefined();
  });
});
