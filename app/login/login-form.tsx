'use client';
// The sign-in form: posts to /api/auth/login and shows the server's answer (wrong password,
// throttled with the wait time) next to the button.
import { useState, type FormEvent } from 'react';
import { describeError, requestJson } from '@/components/data/api';
import { Button } from '@/components/ui/button';
import { cx } from '@/components/ui/cx';
import { inputClass } from '@/components/ui/field';

const input = cx(inputClass, 'mt-1 block px-3 py-2');

export function LoginForm({ next, initialError }: { next: string; initialError?: string }) {
  const [error, setError] = useState<string | undefined>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    try {
      // A 401 here is the answer (wrong name or password), not a session to renew.
      await requestJson('POST', '/api/auth/login', { username: form.get('username'), password: form.get('password') }, { signInOn401: false });
      window.location.assign(next); // a full load: every server component sees the new cookie
      return;
    } catch (e) {
      setError(describeError(e));
    }
    setPending(false);
  }

  return (
    <form
      // Without JavaScript the browser posts the form itself (never a GET: no password in a URL).
      method="post"
      action={`/api/auth/login?next=${encodeURIComponent(next)}`}
      onSubmit={onSubmit}
      className="space-y-4 rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <label className="block text-sm font-medium">
        User name
        <input name="username" autoComplete="username" required autoFocus maxLength={64} className={input} />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input name="password" type="password" autoComplete="current-password" required maxLength={1024} className={input} />
      </label>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {error}
        </p>
      )}
      <Button type="submit" tone="primary" pending={pending} className="w-full py-2">
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
