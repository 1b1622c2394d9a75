// Shared by `npm run bench` and `npm run faults`: the machine line, and a Markdown file made of
// sections keyed by the file that wrote them (a partial run replaces only its own sections).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}; load average (1/5/15 min) at start ${load}`;
}

/** The sections already written, by file (`<!-- marker: file -->` opens each; text before the first is dropped). */
export function previousSections(out, marker) {
  if (!existsSync(out)) return new Map();
  const text = readFileSync(out, 'utf8');
  const parts = text.split(new RegExp(`(?=^<!-- ${marker}: )`, 'm')).slice(1);
  return new Map(parts.map((p) => [new RegExp(`^<!-- ${marker}: (\\S+) -->`).exec(p)[1], p.trimEnd() + '\n']));
}

/** Writes `head` (lines) then the sections of `all` that exist, in that order; returns how many were kept. */
export function writeSections(out, head, all, sections) {
  const kept = all.filter((f) => sections.has(f));
  writeFileSync(out, [...head, ...kept.map((f) => sections.get(f))].join('\n'));
  return kept.length;
}
