// One audit entry as a table row: the JSON Patch between before and after in words, and the two
// objects in full behind a disclosure. Everything renders as text (no HTML from data).
import type { AuditEntry } from '@/server/auth/audit';

type Op = AuditEntry['diff'][number];

function readPointer(doc: unknown, pointer: string): unknown {
  let at: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

function describeOp(op: Op, before: unknown): string {
  const path = op.path || '/';
  if (op.op === 'add') return `+ ${path} = ${short(op.value)}`;
  if (op.op === 'remove') return `− ${path} (was ${short(readPointer(before, op.path))})`;
  if (op.op === 'replace') return `~ ${path}: ${short(readPointer(before, op.path))} → ${short(op.value)}`;
  return `${op.op} ${path}`;
}

const MAX_OPS = 8;

export function AuditRow({ entry }: { entry: AuditEntry }) {
  const when = new Date(entry.at).toISOString().replace('T', ' ').slice(0, 19);
  const ops = entry.diff.slice(0, MAX_OPS);
  return (
    <tr className="border-t border-zinc-200 align-top dark:border-zinc-800">
      <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{when}</td>
      <td className="px-3 py-2">
        {entry.actor}
        <span className="ml-1 text-xs text-zinc-500">({entry.actorRole}, {entry.via})</span>
      </td>
      <td className="px-3 py-2">{entry.action}</td>
      <td className="px-3 py-2 font-mono text-xs break-all">{entry.resource}</td>
      <td className="px-3 py-2">
        {ops.length === 0 ? (
          <span className="text-zinc-500">no field changes</span>
        ) : (
          <ul className="space-y-0.5 font-mono text-xs">
            {ops.map((op, i) => <li key={i} className="break-all">{describeOp(op, entry.before)}</li>)}
            {entry.diff.length > MAX_OPS && <li className="text-zinc-500">… {entry.diff.length - MAX_OPS} more</li>}
          </ul>
        )}
        {(entry.before !== null || entry.after !== null) && (
          <details className="mt-1">
            <summary className="cursor-pointer text-xs text-sky-700 dark:text-sky-400">before / after</summary>
            <div className="mt-1 grid gap-2 md:grid-cols-2">
              <pre className="max-h-64 overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900">{JSON.stringify(entry.before, null, 2)}</pre>
              <pre className="max-h-64 overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900">{JSON.stringify(entry.after, null, 2)}</pre>
            </div>
          </details>
        )}
      </td>
    </tr>
  );
}
