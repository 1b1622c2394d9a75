// YAML text -> objects, keeping where each field was written, so any error (a YAML syntax error,
// a schema issue, an admission message) can be shown at its line. Parsed as kubectl does: YAML 1.1.
import { isMap, isNode, isScalar, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import { formatFieldPath } from '../schemas/label-selector';

export type FieldPath = readonly (string | number)[];

export interface LineIssue {
  /** 1-based; null when the text as a whole is at fault (nothing written yet). */
  line: number | null;
  /** The API server's field path (`spec.addresses[1]`), or '' for a syntax error. */
  path: string;
  message: string;
}

export interface YamlObject {
  value: unknown;
  /** The line (1-based) where the field at `path` is written, or the nearest field above it. */
  lineOf(path: FieldPath): number;
}

/** The offset of the field at `path`: its key for a map entry, the item for a list entry. */
function offsetOf(doc: Document, path: FieldPath): number {
  for (let n = path.length; n > 0; n--) {
    const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
    const last = path[n - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === last);
      if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
    }
    if (isSeq(parent) && typeof last === 'number') {
      const item = parent.items[last];
      if (isNode(item) && item.range) return item.range[0];
    }
  }
  return doc.contents && isNode(doc.contents) && doc.contents.range ? doc.contents.range[0] : 0;
}

/** Every document of the text, or its syntax errors at their lines. Empty documents are skipped. */
export function parseYamlObjects(text: string): { ok: true; objects: YamlObject[] } | { ok: false; issues: LineIssue[] } {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter, version: '1.1', uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  // The first error of a document only: the ones after it mostly follow from it.
  const issues: LineIssue[] = list.flatMap((d) =>
    d.errors.slice(0, 1).map((e) => ({ line: e.linePos?.[0].line ?? null, path: '', message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:$/, '') })),
  );
  if (issues.length) return { ok: false, issues };
  const objects = list
    .filter((d) => d.contents !== null)
    .map((doc) => ({ value: doc.toJS({ maxAliasCount: 100 }) as unknown, lineOf: (path: FieldPath) => counter.linePos(offsetOf(doc, path)).line }));
  return { ok: true, objects };
}

/** Issues about one object, placed at the lines of the fields they name. */
export function placeIssues(object: YamlObject, issues: readonly { path: FieldPath; message: string }[]): LineIssue[] {
  return issues.map((i) => ({ line: object.lineOf(i.path), path: formatFieldPath(i.path), message: i.message }));
}
