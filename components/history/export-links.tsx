// Download links for a slice of the ledger: CSV and JSON of the same route (the browser saves
// what the API answers; the whole range, not just what the page shows).
export function ExportLinks({ path, label }: { path: string; label: string }) {
  const cls = 'rounded border border-zinc-300 px-2 py-0.5 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800';
  return (
    <span className="flex items-center gap-1" data-testid="export-links">
      <span className="text-xs text-zinc-500">Export</span>
      <a className={cls} href={`${path}?format=csv&limit=100000`} download aria-label={`Export ${label} as CSV`}>
        CSV
      </a>
      <a className={cls} href={`${path}?limit=100000`} target="_blank" rel="noreferrer" aria-label={`Export ${label} as JSON`}>
        JSON
      </a>
    </span>
  );
}
