import { describe, expect, it } from 'vitest';
import { openTestDb } from './test-db';
import { createUser } from './users';
import { readClientAddress, signIn } from './sign-in';
import { clientAddress, parseTrustedProxies } from './client-address';
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

  it('blocks a user from a client for 30 s at the first failure past 5 free ones, even for the right password', async () => {
    const db = await setup('s3');
    for (let i = 0; i < 5; i++) await signIn(db, { username: 's3', password: `guess${i}`, address: '10.1.0.1' }, 1_000);
    const sixth = await signIn(db, { username: 's3', password: 'guess5', address: '10.1.0.1' }, 1_000);
    expect(sixth).toMatchObject({ ok: false, error: { status: 401, audit: 'failed' } });
    const right = await signIn(db, { username: 'S3', password: 'the right one', address: '10.1.0.1' }, 1_000);
    expect(right).toMatchObject({ ok: false, error: { status: 429, retryAfterSec: 30, audit: 'throttled' } });
    expect(right.ok || right.error.message).toMatch(/try again in 30 s/);
    const again = await signIn(db, { username: 's3', password: 'the right one', address: '10.1.0.1' }, 2_000);
    expect(again).toMatchObject({ ok: false, error: { status: 429 } });
    expect(again.ok || again.error.audit).toBeUndefined(); // one audit entry per block, not per refusal
    const later = await signIn(db, { username: 's3', password: 'the right one', address: '10.1.0.1' }, 31_000);
    expect(later.ok).toBe(true);
  });

  it('never locks the account out of a client that has not failed (others\' guesses are not a lockout)', async () => {
    const db = await setup('s5');
    for (let i = 0; i < 30; i++) await signIn(db, { username: 's5', password: `guess${i}`, address: `10.5.${i}.1` }, 1_000);
    for (let i = 0; i < 10; i++) await signIn(db, { username: 's5', password: `guess${i}`, address: '10.5.99.1' }, 1_000);
    expect(await signIn(db, { username: 's5', password: 'the right one', address: '10.5.99.1' }, 1_000)).toMatchObject({ ok: false, error: { status: 429 } });
    const owner = await signIn(db, { username: 's5', password: 'the right one', address: '10.5.200.1' }, 1_000);
    expect(owner.ok).toBe(true);
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

describe('readClientAddress (nobody trusted, the default)', () => {
  it.each([
    [{ 'x-ironlb-peer': '127.0.0.1', 'x-forwarded-for': '203.0.113.7' }, '127.0.0.1'],
    [{ 'x-ironlb-peer': '::ffff:192.0.2.9', 'x-forwarded-for': '198.51.100.1, 203.0.113.7' }, '192.0.2.9'],
    [{ 'x-forwarded-for': '203.0.113.7' }, 'unknown'],
  ])('%o -> %s', (headers, address) => expect(readClientAddress(new Request('http://x/', { headers }))).toBe(address));
});

describe('clientAddress behind trusted proxies', () => {
  const trusted = parseTrustedProxies('192.0.2.0/24, 2001:db8::1');
  if (!trusted.ok) throw new Error(trusted.error);
  it.each([
    ['a peer that is no proxy: its own address, whatever it forwards', '198.51.100.5', '203.0.113.7', '198.51.100.5'],
    ['a trusted proxy: the hop it forwards', '192.0.2.10', '203.0.113.7', '203.0.113.7'],
    ['two trusted proxies: the right-most untrusted hop', '192.0.2.10', '198.51.100.66, 203.0.113.7, 192.0.2.11', '203.0.113.7'],
    ['an IPv6 proxy', '2001:db8::1', '203.0.113.8', '203.0.113.8'],
    ['a proxy with nothing forwarded: the proxy', '192.0.2.10', null, '192.0.2.10'],
    ['a garbled chain: the proxy', '192.0.2.10', 'not-an-ip', '192.0.2.10'],
  ])('%s', (_name, peer, forwarded, expected) => expect(clientAddress(peer, forwarded, trusted.value)).toBe(expected));

  it.each(['192.0.2.0/33', 'proxy.example', '192.0.2.1-192.0.2.9'])('refuses %s as a trusted proxy', (entry) => {
    expect(parseTrustedProxies(entry)).toEqual({ ok: false, error: `"${entry}" is not an IP address or CIDR` });
  });
});
