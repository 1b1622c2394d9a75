// Skeleton while the audit log loads: the shape of the table.
export default function AuditLoading() {
  return (
    <div className="space-y-4" aria-busy="true">
      <div className="h-6 w-40 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="h-8 animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
      ))}
    </div>
  );
}
