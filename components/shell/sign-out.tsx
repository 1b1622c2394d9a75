'use client';
// Sign out from any page: ends this browser's session on the server, then the sign-in page.
import { useState } from 'react';

const TOP_BAR = 'text-sm text-zinc-600 hover:underline disabled:opacity-50 dark:text-zinc-300';

export function SignOutButton({ label = 'Sign out', className = TOP_BAR }: { label?: string; className?: string }) {
  const [pending, setPending] = useState(false);
  async function signOut() {
    setPending(true);
    // Whatever the answer, the session cookie is gone or useless: go to the sign-in page.
    await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
    window.location.assign('/login');
  }
  return (
    <button
      type="button"
      onClick={() => void signOut()}
      disabled={pending}
      className={className}
    >
      {pending ? 'Signing out…' : label}
    </button>
  );
}
