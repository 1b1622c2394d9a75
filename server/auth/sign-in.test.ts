import { describe, expect, it } from 'vitest';
import { openTestDb } from './test-db';
import { createUser } from './users';
import { readClientAddress, signIn } from './sign-in';
import { resolveSession } from './sessions';

// The throttles live for the whole process: each test uses its own user names and addresses.
async function setup(name: string) {
  const db = openTestDb();
  await createUser(db, { name, role: 'admin', password: 'the right one' });
  return db;
}

describe('signIn', () => {
  it('starts a session for the right password', async () => {
    const db = await setup('s1');
    const result = await signIn(db, { username: 's1', password: 'the right one', address: '10.0.0.1' });
    expect(result.ok && resolveSession(db, result.value.session.id)?.name).toBe('s1');
  });

  it('says only "wrong user name or password", for a wrong password and an unknown user alike', async () => {
    const db = await setup('s2');
    const wrong = await signIn(db, { username: 's2', password: 'nope', address: '10.0.0.2' });
    const unknown = await signIn(db, { username: 'ghost', password: 'nope', address: '10.0.0.2' });
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ ok: false, error: { status: 401, message: 'wrong user name or password' } });
  });

  it('locks a user for 30 s at the first failure past 5 free ones, even for the right password', async () => {
    const db = await setup('s3');
    for (let i = 0; i < 5; i++) await signIn(db, { username: 's3', password: `guess${i}`, address: `10.1.0.${i}` }, 1_000);
    const sixth = await signIn(db, { username: 's3', password: 'guess5', address: '10.1.0.9' }, 1_000);
    expect(sixth).toMatchObject({ ok: false, error: { status: 401 } });
    const right = await signIn(db, { username: 'S3', password: 'the right one', address: '10.1.0.10' }, 1_000);
    expect(right).toMatchObject({ ok: false, error: { status: 429, retryAfterSec: 30 } });
    expect(right.ok || right.error.message).toMatch(/try again in 30 s/);
    const later = await signIn(db, { username: 's3', password: 'the right one', address: '10.1.0.10' }, 31_000);
    expect(later.ok).toBe(true);
  });

  it('throttles an address trying many user names', async () => {
    const db = await setup('s4');
    for (let i = 0; i < 20; i++) await signIn(db, { username: `spray${i}`, password: 'x', address: '10.2.0.1' }, 0);
    await signIn(db, { username: 'spray-last', password: 'x', address: '10.2.0.1' }, 0);
    const next = await signIn(db, { username: 's4', password: 'the right one', address: '10.2.0.1' }, 0);
    expect(next).toMatchObject({ ok: false, error: { status: 429 } });
    const elsewhere = await signIn(db, { username: 's4', password: 'the right one', address: '10.2.0.2' }, 0);
    expect(elsewhere.ok).toBe(true);
  });

  it.each([
    { username: '', password: 'x' },
    { username: 'a'.repeat(65), password: 'x' },
    { username: 'a', password: '' },
    { username: 'a', password: 'x'.repeat(1025) },
    { username: 42, password: 'x' },
  ])('refuses malformed input with 400 before any password check', async (input) => {
    const result = await signIn(openTestDb(), { ...input, address: '10.3.0.1' });
    expect(result).toMatchObject({ ok: false, error: { status: 400 } });
  });
});

describe('readClientAddress', () => {
  it.each([
    [{ 'x-forwarded-for': '203.0.113.7' }, '203.0.113.7'],
    [{ 'x-forwarded-for': '198.51.100.1, 203.0.113.7' }, '203.0.113.7'],
    [{}, 'unknown'],
  ])('%o -> %s', (headers, address) => expect(readClientAddress(new Request('http://x/', { headers }))).toBe(address));
});
