// `npm run bench [name...]`: runs test/bench/*.bench.ts (all, or those whose file name contains
// a given name) and writes the figures to BENCHMARKS.md. Each section names the machine and the
// time it was measured; a run of some benchmarks replaces only their sections and keeps the rest.
import { register } from 'tsx/esm/api';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { machine, previousSections, writeSections } from './report-sections.mjs';

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

const sections = previousSections(OUT, 'bench');
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

const kept = writeSections(OUT, ['# Benchmarks', '', 'Written by `npm run bench`; do not edit by hand. Each section says when and on what it was measured.', ''], all, sections);
console.log(`wrote ${OUT} (${files.length} run, ${kept - files.length} kept from before)`);
if (failed) process.exitCode = 1;
