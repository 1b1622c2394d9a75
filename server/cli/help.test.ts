// Every `ironlb` command and subcommand, run as a user runs it (node bin/ironlb.mjs): --help prints its
// usage and exits 0; an unknown flag prints the problem and the usage and exits 1; never a stack trace.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/ironlb.mjs', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'ironlb-cli-help-'));

function ironlb(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000, env: { ...process.env, IRONLB_DATA_DIR: dataDir, KUBECONFIG: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

const COMMANDS = [['convert'], ['lab'], ['controller'], ['speaker'], ['user'],
  ...['add', 'passwd', 'role', 'remove', 'list', 'token', 'tokens', 'revoke-token'].map((sub) => ['user', sub])];
const STACK = /\n\s+at |node:internal|ERR_PARSE_ARGS/;

describe('ironlb CLI', () => {
  it.each(COMMANDS.map((c) => [c.join(' '), c]))('ironlb %s --help prints its usage', async (_name, command) => {
    const r = await ironlb([...command, '--help']);
    expect(r.out).not.toMatch(STACK);
    expect(r.out).toMatch(new RegExp(`usage: ironlb ${command[0]}`));
    expect(r.code).toBe(0);
  });

  it.each(COMMANDS.map((c) => [c.join(' '), c]))('ironlb %s --no-such-flag says so with the usage', async (_name, command) => {
    const r = await ironlb([...command, ...(command[1] === 'role' ? ['x', 'admin'] : command[1] ? ['x'] : []), '--no-such-flag']);
    expect(r.out).not.toMatch(STACK);
    expect(r.out).toContain('--no-such-flag');
    expect(r.out).toMatch(new RegExp(`usage: ironlb ${command[0]}`));
    expect(r.code).toBe(1);
  });

  it('names an unknown command and lists the commands', async () => {
    const r = await ironlb(['nonsense']);
    expect(r.out).toContain('unknown command "nonsense"');
    expect(r.out).toContain('usage: ironlb <command>');
    expect(r.code).toBe(1);
  });
});
