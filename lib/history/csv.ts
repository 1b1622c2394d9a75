// The ledger as CSV (RFC 4180), for the export links and `?format=csv`. Cells that a spreadsheet
// would run as a formula (=, +, -, @ first) get a leading apostrophe (OWASP's CSV injection advice).
import type { HistoryEntry } from './types';

export const CSV_COLUMNS = ['at', 'kind', 'service', 'ip', 'pool', 'node', 'previousNode', 'cause', 'detail', 'by', 'resourceVersion', 'inferred'] as const;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function entriesToCsv(entries: readonly HistoryEntry[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of entries) lines.push(CSV_COLUMNS.map((c) => cell(e[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
