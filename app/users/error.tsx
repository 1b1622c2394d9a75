'use client';
// Users could not be read: the message and a retry.
export default function UsersError({ error, reset }: { error: Error; reset: () => void }) {
  return (
    <div>
      <div role="alert" className="rounded-md bg-red-50 p-4 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
        <p className="font-medium">Users could not be loaded.</p>
        <p className="mt-1">{error.message}</p>
        <button onClick={reset} className="mt-2 rounded-md border border-red-300 px-2 py-1">Retry</button>
      </div>
    </div>
  );
}
