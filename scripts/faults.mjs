// `npm run faults [name...] [--soak-minutes N]`: runs test/faults/*.fault.ts (all, or those whose
// file name contains a given name), each breaking the system on purpose, and writes RELIABILITY.md:
// per scenario the machine, the time, what was done, what was checked, the faults injected and the
// invariant violations found. A partial run replaces only its own sections.
import { register } from 'tsx/esm/api';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { machine, previousSections, writeSections } from './report-sections.mjs';

register();
const OUT = 'RELIABILITY.md';
const { values, positionals } = parseArgs({ options: { 'soak-minutes': { type: 'string' } }, allowPositionals: true });
const options = { soakMinutes: values['soak-minutes'] === undefined ? 60 : Number(values['soak-minutes']) };
if (!(options.soakMinutes > 0)) {
  console.error(`faults: --soak-minutes needs a positive number, got ${values['soak-minutes']}`);
  process.exit(2);
}
const dir = path.resolve('test/faults');
const all = readdirSync(dir).filter((f) => f.endsWith('.fault.ts')).sort();
const files = all.filter((f) => positionals.length === 0 || positionals.some((o) => f.includes(o)));
if (files.length === 0) {
  console.error(`faults: no scenario matches ${positionals.join(', ')}; there are: ${all.join(', ')}`);
  process.exit(2);
}

function render(file, r, when) {
  const summary = { title: r.title, faults: r.faults, violations: r.violations.length, when: when.slice(0, 16).replace('T', ' ') };
  const lines = [`<!-- fault: ${file} -->`, `<!-- summary: ${JSON.stringify(summary)} -->`, `## ${r.title}`, '', `Run ${when} on ${machine()}.`, ''];
  if (r.error) lines.push(`**Failed:** ${r.error}`, '');
  lines.push(`**Done:** ${r.did}`, '', `**Checked:** ${r.checked}`, '', `**Faults injected:** ${r.faults}. **Violations found:** ${r.violations.length}.`, '');
  for (const v of r.violations.slice(0, 20)) lines.push(`- ${v.kind} ${v.subject}: ${v.detail}`);
  if (r.violations.length) lines.push('');
  if (r.rows?.length) {
    lines.push('| measure | value |', '| --- | --- |');
    for (const row of r.rows) lines.push(`| ${row.name} | ${row.value} ${row.unit ?? ''} |`);
    lines.push('');
  }
  if (r.notes) lines.push(r.notes, '');
  return lines.join('\n');
}

function summaryTable(sections) {
  const rows = all.filter((f) => sections.has(f)).map((f) => {
    const m = /<!-- summary: (.*) -->/.exec(sections.get(f));
    const s = m ? JSON.parse(m[1]) : { title: f, faults: '?', violations: '?', when: '?' };
    return `| ${s.title} | ${s.when} UTC | ${s.faults} | ${s.violations} |`;
  });
  return ['| scenario | run | faults injected | violations |', '| --- | --- | --- | --- |', ...rows, ''];
}

const sections = previousSections(OUT, 'fault');
let failed = 0;
for (const file of files) {
  console.log(`faults: ${file}`);
  const when = new Date().toISOString();
  let result;
  try {
    const mod = await import(pathToFileURL(path.join(dir, file)).href);
    result = await mod.default(options);
  } catch (err) {
    console.error(`  ${file} failed:`, err);
    result = { title: file, did: 'did not finish', checked: '-', faults: 0, violations: [], error: String(err instanceof Error ? err.message : err).split('\n')[0] };
  }
  console.log(`  faults injected ${result.faults}, violations ${result.violations.length}`);
  for (const v of result.violations.slice(0, 20)) console.log(`  ${v.kind} ${v.subject}: ${v.detail}`);
  if (result.error || result.violations.length) failed++;
  sections.set(file, render(file, result, when));
}

const head = [
  '# Reliability', '',
  'Written by `npm run faults`; do not edit by hand. Each scenario breaks ironlb on purpose and checks, after every step, that no IP is held by two services unless they may share it, no IP lies outside its pool, no assigned IP moved unless its pool changed, exactly one MAC answers each announced IP (where a LAN exists) and every acknowledged API write is still there (lib/invariants). Short forms of these scenarios run in `npm test` (test/faults/*.test.ts).', '',
  ...summaryTable(sections),
];
const kept = writeSections(OUT, head, all, sections);
console.log(`wrote ${OUT} (${files.length} run, ${kept - files.length} kept from before)`);
if (failed) process.exitCode = 1;
