import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runUser, type UserIo } from './user';
import { getAuthDb } from '../auth/db';
import { verifyCredentials } from '../auth/users';
import { resolveToken } from '../auth/tokens';
import { queryAudit } from '../auth/audit-log';

function harness(stdin = '') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ironlb-cli-'));
  const out: string[] = [];
  const err: string[] = [];
  const io: UserIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), readStdin: async () => stdin };
  const run = (...args: string[]) => runUser([...args, '--data-dir', dir], io);
  return { dir, out, err, run, db: () => getAuthDb(dir) };
}

describe('ironlb user', () => {
  it('adds a user with a password from stdin and the user can sign in', async () => {
    const h = harness('s3cret-password\n');
    expect(await h.run('add', 'alice', '--role', 'admin', '--password-stdin')).toBe(0);
    expect(await verifyCredentials(h.db(), 'alice', 's3cret-password')).toMatchObject({ role: 'admin' });
    expect(h.out.join('')).not.toContain('s3cret-password');
  });

  it('generates and prints a password when none is given, once', async () => {
    const h = harness();
    expect(await h.run('add', 'bob')).toBe(0);
    const password = /password \(shown once\): (\S+)/.exec(h.out.join(''))?.[1] ?? '';
    expect(await verifyCredentials(h.db(), 'bob', password)).toMatchObject({ role: 'viewer' });
  });

  it('changes a password, lists users, makes a token that works, and audits as cli', async () => {
    const h = harness('first-password\n');
    await h.run('add', 'carol', '--role', 'admin', '--password-stdin');
    expect(await h.run('passwd', 'carol')).toBe(0);
    expect(await verifyCredentials(h.db(), 'carol', 'first-password')).toBeUndefined();
    h.out.length = 0;
    expect(await h.run('list')).toBe(0);
    expect(h.out.join('')).toMatch(/carol\s+admin/);
    h.out.length = 0;
    expect(await h.run('token', 'carol', '--label', 'ci')).toBe(0);
    const token = h.out.join('').trim();
    expect(resolveToken(h.db(), token)?.name).toBe('carol');
    const actions = queryAudit(h.db(), {}).items.map((e) => `${e.via}:${e.action}:${e.resource.split('/')[0]}`);
    expect(actions).toEqual(['cli:create:Token', 'cli:update:User', 'cli:create:User']);
  });

  it.each([
    { args: ['add'], why: 'add without a name' },
    { args: ['add', 'x y'], why: 'an invalid name' },
    { args: ['passwd', 'nobody'], why: 'an unknown user' },
    { args: ['role', 'nobody', 'admin'], why: 'a role for an unknown user' },
    { args: ['frobnicate'], why: 'an unknown command' },
    { args: ['add', 'dave', '--colour'], why: 'an unknown option' },
    { args: ['revoke-token', 'abc'], why: 'a token id that is not a number' },
  ])('fails with exit 1 and a message for $why', async ({ args }) => {
    const h = harness();
    expect(await h.run(...args)).toBe(1);
    expect(h.err.join('')).toMatch(/ironlb user: .{8,}/);
  });

  it('will not remove the last admin', async () => {
    const h = harness('pw-for-erin\n');
    await h.run('add', 'erin', '--role', 'admin', '--password-stdin');
    expect(await h.run('remove', 'erin')).toBe(1);
    expect(h.err.join('')).toContain('last admin');
  });
});
