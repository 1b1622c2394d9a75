// Shown instead of an admin page to a signed-in viewer.
export function AdminOnly({ what }: { what: string }) {
  return (
    <div>
      <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
        ▲ Only admins can see {what}. Ask an admin for the admin role if you need it.
      </div>
    </div>
  );
}
