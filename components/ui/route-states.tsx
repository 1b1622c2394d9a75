'use client';
// What every data route segment's error.tsx renders: the message (server component errors
// arrive redacted in production, so it says where to look) and a retry.
import { useEffect } from 'react';
import { ErrorBox } from './feedback';

export function RouteError({ error, retry, what }: { error: unknown; retry?: () => void; what: string }) {
  useEffect(() => console.error(error), [error]);
  const digest = (error as { digest?: string } | null)?.digest;
  const message = error instanceof Error && !digest ? error.message : `the page failed to render${digest ? ` (error ${digest}; the server log has the details)` : ''}`;
  return (
    <div className="max-w-2xl">
      <ErrorBox title={`Could not show ${what}`} message={message} onRetry={retry} />
    </div>
  );
}
