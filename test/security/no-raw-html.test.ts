// Names from the cluster reach the page only as text: no source file in app/ or components/ may
// write raw HTML (dangerouslySetInnerHTML, innerHTML/outerHTML assignment, insertAdjacentHTML,
// document.write). React escapes everything else.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppDir } from './support/app';

const RAW_HTML = /dangerouslySetInnerHTML|\.(?:inner|outer)HTML\s*=|insertAdjacentHTML|document\.write\s*\(|createContextualFragment/;

function sourceFiles(dir: string): string[] {
  let out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out = out.concat(sourceFiles(full));
    else if (/\.(tsx?|jsx?|mjs)$/.test(entry) && !/\.test\.tsx?$/.test(entry)) out.push(full);
  }
  return out;
}

describe('no raw HTML in the UI', () => {
  const root = resolveAppDir();
  const files = ['app', 'components'].flatMap((d) => {
    try {
      return sourceFiles(path.join(root, d));
    } catch {
      return [];
    }
  });

  it('scans the UI sources', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('finds no dangerouslySetInnerHTML, innerHTML, insertAdjacentHTML or document.write', () => {
    const offenders = files
      .flatMap((f) => readFileSync(f, 'utf8').split('\n').map((line, i) => ({ f, i, line })))
      .filter(({ line }) => RAW_HTML.test(line))
      .map(({ f, i, line }) => `${path.relative(root, f)}:${i + 1}: ${line.trim()}`);
    expect(offenders).toEqual([]);
  });
});
