// `ironlb preview -f FILE [--delete]`: what applying (or deleting) the IPAddressPools and
// L2Advertisements in FILE would do, asked of the dashboard's POST /api/v1/preview (the same
// computation as the dashboard's Save button). Prints the moves; exit 1 on any error.
import { parseYamlObjects } from '../../lib/manifest/yaml-source';
import type { ConfigPreview } from '../../lib/views/config-preview';
import { readSource } from './read-source';

export type PreviewIO = {
  stdin: NodeJS.ReadableStream;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
  fetch: typeof fetch;
};

const DEFAULT_URL = 'http://127.0.0.1:3000';

const USAGE = `usage: ironlb preview -f FILE [--delete] [--url URL] [--token TOKEN] [-o text|json]

Shows what applying the IPAddressPool and L2Advertisement objects in FILE ("-" for stdin; several
YAML documents allowed) would do, before you apply them: the services whose IP would change or
become pending, the IPs that would move to another node (from -> to), the pools that would lose
their L2Advertisement. With --delete: what deleting those objects would do. Nothing is changed.

The dashboard computes it with the controller's allocator and the speakers' election:
  --url URL       the dashboard (default $IRONLB_URL, else ${DEFAULT_URL})
  --token TOKEN   an API token (default $IRONLB_TOKEN; make one with "ironlb user token NAME")
  -o json         print the API's answer as JSON
Exit 1 on any error: unreadable or invalid YAML, a change the API server would refuse, the
dashboard unreachable.
`;

type Args = { file?: string; del: boolean; url?: string; token?: string; output: 'text' | 'json'; help: boolean };

const VALUE_FLAGS: Record<string, keyof Args> = { '-f': 'file', '--filename': 'file', '--url': 'url', '--token': 'token', '-o': 'output', '--output': 'output' };

function parseArgs(args: string[]): Args | string {
  const out: Args = { del: false, output: 'text', help: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (a === '-h' || a === '--help') out.help = true;
    else if (a === '--delete') out.del = true;
    else if (flag in VALUE_FLAGS) {
      const value = flag !== a ? a.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') return `${flag} needs a value`;
      (out as Record<string, unknown>)[VALUE_FLAGS[flag]] = value;
    } else if (a.startsWith('-')) return `unknown option "${a}"`;
    else return `unexpected argument "${a}" (the file goes after -f)`;
  }
  if (out.output !== 'text' && out.output !== 'json') return `-o must be text or json (got "${out.output}")`;
  return out;
}

/** The file's objects as one request body: the object itself, or a List of them. */
function toBody(text: string, from: string): { body: unknown } | { error: string } {
  const parsed = parseYamlObjects(text);
  if (!parsed.ok) return { error: parsed.issues.map((i) => `${from}${i.line ? `:${i.line}` : ''}: ${i.message}`).join('\n') };
  const items = parsed.objects.map((o) => o.value);
  if (items.length === 0) return { error: `${from}: no object in the file` };
  return { body: items.length === 1 ? items[0] : { apiVersion: 'v1', kind: 'List', items } };
}

const pad = (rows: string[][]): string => {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] + 3))).join('').trimEnd()).join('\n') + '\n';
};

const ipsText = (ips: readonly string[]) => (ips.length ? ips.join(',') : '<pending>');

export function formatPreview(p: ConfigPreview): string {
  const what = p.changes.map((c) => `${c.op === 'delete' ? 'deleting' : 'applying'} ${c.kind} ${c.name}`).join(', ');
  const parts = [`${what}: ${p.summary.text}\n`];
  if (p.ipChanges.length) {
    const rows = p.ipChanges.map((c) => [c.service, ipsText(c.before), ipsText(c.after), c.poolAfter ?? c.poolBefore ?? '-', c.reason ?? '']);
    parts.push(pad([['SERVICE', 'IP BEFORE', 'IP AFTER', 'POOL', 'WHY'], ...rows]));
  }
  if (p.announcerMoves.length) {
    const rows = p.announcerMoves.map((m) => [m.service, m.ip, m.from ?? '-', m.to ?? '-', m.reason ?? '']);
    parts.push(pad([['SERVICE', 'IP', 'FROM', 'TO', 'WHY'], ...rows]));
  }
  for (const pool of p.poolsLosingAdvertisement) parts.push(`pool ${pool} would lose its L2Advertisement: its IPs stay allocated but no node announces them\n`);
  for (const pool of p.newPoolsWithoutAdvertisement) parts.push(`pool ${pool} has no L2Advertisement: its IPs would be allocated but never announced\n`);
  for (const w of p.warnings) parts.push(`warning: ${w}\n`);
  return parts.join('\n');
}

async function ask(io: PreviewIO, args: Args, body: unknown): Promise<{ preview: ConfigPreview } | { error: string }> {
  const base = (args.url ?? io.env.IRONLB_URL ?? DEFAULT_URL).replace(/\/+$/, '');
  const token = args.token ?? io.env.IRONLB_TOKEN;
  if (!token) return { error: 'an API token is needed: --token TOKEN or IRONLB_TOKEN (make one with "ironlb user token NAME")' };
  let res: Response;
  try {
    res = await io.fetch(`${base}/api/v1/preview${args.del ? '?delete=true' : ''}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (e) {
    return { error: `cannot reach the dashboard at ${base}: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}` };
  }
  const answer = (await res.json().catch(() => ({}))) as ConfigPreview & { message?: string };
  if (!res.ok) return { error: answer.message ?? `${res.status} ${res.statusText}` };
  return { preview: answer };
}

export async function runPreview(args: string[], io: PreviewIO): Promise<number> {
  const fail = (message: string) => {
    io.stderr(`ironlb preview: ${message}\n`);
    return 1;
  };
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') return fail(`${parsed}\n${USAGE}`.trimEnd());
  if (parsed.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (!parsed.file) return fail(`-f FILE is required\n${USAGE}`.trimEnd());
  const input = await readSource(parsed.file, io.stdin);
  if ('error' in input) return fail(input.error);
  const body = toBody(input.text, parsed.file === '-' ? 'stdin' : parsed.file);
  if ('error' in body) return fail(body.error);
  const result = await ask(io, parsed, body.body);
  if ('error' in result) return fail(result.error);
  io.stdout(parsed.output === 'json' ? `${JSON.stringify(result.preview, null, 2)}\n` : formatPreview(result.preview));
  return 0;
}
