// `npm run bench [name...]`: runs test/bench/*.bench.ts (all, or those whose file name contains
// a given name) and writes the figures to BENCHMARKS.md. Each section names the machine and the
// time it was measured; a run of some benchmarks replaces only their sections and keeps the rest.
import { register } from 'tsx/esm/api';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

register();
const OUT = 'BENCHMARKS.md';
const dir = path.resolve('test/bench');
const only = process.argv.slice(2);
const all = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
const files = all.filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
if (files.length === 0) {
  console.error(`bench: no benchmark matches ${only.join(', ')}; there are: ${all.join(', ')}`);
  process.exit(2);
}

const machine = () => {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}; load average (1/5/15 min) at start ${load}`;
};

function render(file, s, measured) {
  const lines = [`<!-- bench: ${file} -->`, `## ${s.title}`, '', `Measured ${measured}.`, ''];
  if (s.error) lines.push(`Failed: ${s.error}`, '');
  if (s.rows.length) {
    lines.push('| measure | value | goal |', '| --- | --- | --- |');
    for (const r of s.rows) lines.push(`| ${r.name} | ${r.value} ${r.unit} | ${r.goal ?? ''} |`);
    lines.push('');
  }
  if (s.notes) lines.push(s.notes, '');
  return lines.join('\n');
}

/** The sections already written, by benchmark file (sections from before the markers are dropped). */
function previousSections() {
  if (!existsSync(OUT)) return new Map();
  const text = readFileSync(OUT, 'utf8');
  const parts = text.split(/(?=^<!-- bench: )/m).slice(1);
  return new Map(parts.map((p) => [/^<!-- bench: (\S+) -->/.exec(p)[1], p.trimEnd() + '\n']));
}

const sections = previousSections();
let failed = 0;
for (const file of files) {
  console.log(`bench: ${file}`);
  const measured = `${new Date().toISOString()} on ${machine()}`;
  let result;
  try {
    const mod = await import(pathToFileURL(path.join(dir, file)).href);
    result = await mod.default();
    for (const row of result.rows) console.log(`  ${row.name}: ${row.value} ${row.unit}${row.goal ? ` (goal ${row.goal})` : ''}`);
  } catch (err) {
    failed++;
    console.error(`  ${file} failed:`, err);
    result = { title: file, rows: [], error: String(err instanceof Error ? err.message : err).split('\n')[0] };
  }
  sections.set(file, render(file, result, measured));
}

const kept = all.filter((f) => sections.has(f));
const text = ['# Benchmarks', '', 'Written by `npm run bench`; do not edit by hand. Each section says when and on what it was measured.', '', ...kept.map((f) => sections.get(f))].join('\n');
writeFileSync(OUT, text);
console.log(`wrote ${OUT} (${files.length} run, ${kept.length - files.length} kept from before)`);
if (failed) process.exitCode = 1;
