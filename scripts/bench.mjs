// `npm run bench`: runs every test/bench/*.bench.ts and writes the figures to BENCHMARKS.md,
// with the machine they were measured on.
import { register } from 'tsx/esm/api';
import { readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

register();
const dir = path.resolve('test/bench');
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const sections = [];
for (const file of files) {
  console.log(`bench: ${file}`);
  try {
    const mod = await import(pathToFileURL(path.join(dir, file)).href);
    const result = await mod.default();
    sections.push(result);
    for (const row of result.rows) console.log(`  ${row.name}: ${row.value} ${row.unit}${row.goal ? ` (goal ${row.goal})` : ''}`);
  } catch (err) {
    console.error(`  ${file} failed:`, err);
    sections.push({ title: file, rows: [], error: String(err instanceof Error ? err.message : err) });
  }
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  '# Benchmarks',
  '',
  'Written by `npm run bench`; do not edit by hand.',
  '',
  `Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}. Run at ${new Date().toISOString()}.`,
  '',
];
for (const s of sections) {
  lines.push(`## ${s.title}`, '');
  if (s.error) lines.push(`Failed: ${s.error}`, '');
  if (s.rows.length) {
    lines.push('| measure | value | goal |', '| --- | --- | --- |');
    for (const r of s.rows) lines.push(`| ${r.name} | ${r.value} ${r.unit} | ${r.goal ?? ''} |`);
    lines.push('');
  }
  if (s.notes) lines.push(s.notes, '');
}
writeFileSync('BENCHMARKS.md', lines.join('\n'));
console.log('wrote BENCHMARKS.md');
