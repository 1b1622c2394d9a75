'use client';
// Sign out from any page: ends this browser's session on the server, then the sign-in page.
import { useState } from 'react';

export function SignOutButton() {
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
      className="text-sm text-zinc-600 hover:underline disabled:opacity-50 dark:text-zinc-300"
    >
      {pending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
