// `ironlb user add|passwd|role|remove|list|token|tokens|revoke-token`: manage dashboard accounts
// in <data dir>/auth.db directly (works while the server runs). Changes go to the audit log as "cli".
import os from 'node:os';
import { getAuthDb, type AuthDb } from '../auth/db';
import { createUser, deleteUser, findUser, listUsers, setPassword, setRole } from '../auth/users';
import { generatePassword } from '../auth/passwords';
import { createToken, listTokens, revokeToken } from '../auth/tokens';
import { insertAudit } from '../auth/audit-log';
import type { Principal } from '../auth/check-request';
import { readEnv } from '../env';

export type UserIo = { stdout: (s: string) => void; stderr: (s: string) => void; readStdin: () => Promise<string> };

const USAGE = `usage: ironlb user <command> [--data-dir DIR]

  add NAME [--role admin|viewer] [--password-stdin]   new account (viewer by default); without
                                                     --password-stdin a password is generated and printed once
  passwd NAME [--password-stdin]                      new password; signs the user out everywhere
  role NAME admin|viewer                              change the role
  remove NAME                                         delete the account, its sessions and tokens
  list                                                list accounts
  token NAME [--label TEXT] [--expires-days N]        new API token for NAME, printed once
  tokens [NAME]                                       list API tokens (never the secrets)
  revoke-token ID                                     revoke an API token
`;

type Parsed = { positional: string[]; flags: Map<string, string | true> };
const VALUE_FLAGS = new Set(['--role', '--label', '--expires-days', '--data-dir']);

function parseArgs(args: string[]): Parsed | string {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) positional.push(arg);
    else if (VALUE_FLAGS.has(arg)) {
      if (i + 1 >= args.length) return `${arg} needs a value`;
      flags.set(arg, args[++i]);
    } else if (arg === '--password-stdin') flags.set(arg, true);
    else return `unknown option ${arg}`;
  }
  return { positional, flags };
}

const cliPrincipal = (): Principal => ({ name: `cli:${os.userInfo().username}`, role: 'admin', via: 'cli' });
const view = (u: { name: string; role: string; createdAt: number; passwordChangedAt: number }) => ({
  name: u.name, role: u.role, createdAt: u.createdAt, passwordChangedAt: u.passwordChangedAt,
});

async function readPassword(p: Parsed, io: UserIo): Promise<{ password: string; generated: boolean }> {
  if (p.flags.get('--password-stdin') !== true) return { password: generatePassword(), generated: true };
  const text = await io.readStdin();
  return { password: text.split(/\r?\n/)[0] ?? '', generated: false };
}

type Run = (db: AuthDb, p: Parsed, io: UserIo) => Promise<number>;

function fail(io: UserIo, message: string): number {
  io.stderr(`ironlb user: ${message}\n`);
  return 1;
}

const commands: Record<string, Run> = {
  async add(db, p, io) {
    const [name] = p.positional;
    const role = (p.flags.get('--role') as string | undefined) ?? 'viewer';
    const { password, generated } = await readPassword(p, io);
    const made = await createUser(db, { name, role, password });
    if (!made.ok) return fail(io, made.error.message);
    insertAudit(db, { principal: cliPrincipal(), action: 'create', resource: `User/${made.value.name}`, before: null, after: view(made.value) });
    io.stdout(`created ${made.value.role} "${made.value.name}"\n`);
    if (generated) io.stdout(`password (shown once): ${password}\n`);
    return 0;
  },
  async passwd(db, p, io) {
    const [name] = p.positional;
    const before = name ? findUser(db, name) : undefined;
    if (!before) return fail(io, `no user "${name ?? ''}"`);
    const { password, generated } = await readPassword(p, io);
    const changed = await setPassword(db, name, password);
    if (!changed.ok) return fail(io, changed.error.message);
    insertAudit(db, { principal: cliPrincipal(), action: 'update', resource: `User/${before.name}`, before: view(before), after: view(changed.value) });
    io.stdout(`password of "${before.name}" changed; its sessions ended\n`);
    if (generated) io.stdout(`password (shown once): ${password}\n`);
    return 0;
  },
  async role(db, p, io) {
    const [name, role] = p.positional;
    const before = name ? findUser(db, name) : undefined;
    if (!before) return fail(io, `no user "${name ?? ''}"`);
    const changed = setRole(db, name, role);
    if (!changed.ok) return fail(io, changed.error.message);
    insertAudit(db, { principal: cliPrincipal(), action: 'update', resource: `User/${before.name}`, before: view(before), after: view(changed.value) });
    io.stdout(`"${before.name}" is now ${changed.value.role}\n`);
    return 0;
  },
  async remove(db, p, io) {
    const removed = deleteUser(db, p.positional[0] ?? '');
    if (!removed.ok) return fail(io, removed.error.message);
    insertAudit(db, { principal: cliPrincipal(), action: 'delete', resource: `User/${removed.value.name}`, before: view(removed.value), after: null });
    io.stdout(`removed "${removed.value.name}"\n`);
    return 0;
  },
  async list(db, _p, io) {
    const rows = listUsers(db).map((u) => `${u.name.padEnd(24)} ${u.role.padEnd(7)} ${new Date(u.createdAt).toISOString()}`);
    io.stdout(`${'NAME'.padEnd(24)} ${'ROLE'.padEnd(7)} CREATED\n${rows.join('\n')}\n`);
    return 0;
  },
  async token(db, p, io) {
    const user = p.positional[0] ? findUser(db, p.positional[0]) : undefined;
    if (!user) return fail(io, `no user "${p.positional[0] ?? ''}"`);
    const days = p.flags.get('--expires-days');
    const expiresInDays = typeof days === 'string' ? Number(days) : undefined;
    const label = (p.flags.get('--label') as string | undefined) ?? `cli ${new Date().toISOString().slice(0, 10)}`;
    const made = createToken(db, user.id, { name: label, expiresInDays });
    if (!made.ok) return fail(io, made.error.message);
    insertAudit(db, { principal: cliPrincipal(), action: 'create', resource: `Token/${user.name}/${made.value.info.id}`, before: null, after: made.value.info });
    io.stdout(`${made.value.token}\n`);
    io.stderr(`token ${made.value.info.id} for "${user.name}" (${user.role}); shown once, use it as "Authorization: Bearer <token>"\n`);
    return 0;
  },
  async tokens(db, p, io) {
    const rows = listTokens(db, p.positional[0]).map(
      (t) => `${String(t.id).padEnd(5)} ${t.user.padEnd(20)} ${`${t.prefix}…`.padEnd(12)} ${t.expiresAt ? new Date(t.expiresAt).toISOString() : 'never'.padEnd(24)} ${t.name}`,
    );
    io.stdout(`${'ID'.padEnd(5)} ${'USER'.padEnd(20)} ${'PREFIX'.padEnd(12)} ${'EXPIRES'.padEnd(24)} LABEL\n${rows.join('\n')}\n`);
    return 0;
  },
  async 'revoke-token'(db, p, io) {
    const id = Number(p.positional[0]);
    if (!Number.isInteger(id) || id < 1) return fail(io, 'revoke-token needs a numeric token id (see "ironlb user tokens")');
    const revoked = revokeToken(db, id);
    if (!revoked.ok) return fail(io, revoked.error.message);
    insertAudit(db, { principal: cliPrincipal(), action: 'delete', resource: `Token/${revoked.value.user}/${id}`, before: revoked.value, after: null });
    io.stdout(`revoked token ${id} of "${revoked.value.user}"\n`);
    return 0;
  },
};

const NEEDS_NAME = new Set(['add', 'passwd', 'role', 'remove', 'token']);

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const defaultIo: UserIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  readStdin: readAllStdin,
};

const isHelp = (a: string) => a === '--help' || a === '-h' || a === 'help';

export async function runUser(args: string[], io: UserIo = defaultIo): Promise<number> {
  const [command, ...rest] = args;
  if (!command || isHelp(command)) {
    io.stdout(USAGE);
    return command ? 0 : 1;
  }
  const run = commands[command];
  if (!run) return fail(io, `unknown command "${command}"\n${USAGE}`);
  if (rest.some((a) => a === '--help' || a === '-h')) {
    io.stdout(USAGE);
    return 0;
  }
  const parsed = parseArgs(rest);
  if (typeof parsed === 'string') return fail(io, `${parsed}\n${USAGE}`);
  if (NEEDS_NAME.has(command) && !parsed.positional[0]) return fail(io, `${command} needs a user name\n${USAGE}`);
  const dataDir = (parsed.flags.get('--data-dir') as string | undefined) ?? readEnv().IRONLB_DATA_DIR;
  return run(getAuthDb(dataDir), parsed, io);
}
