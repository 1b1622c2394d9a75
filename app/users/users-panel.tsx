'use client';
// Admins: every account with its role; add, change role, reset password, remove (with confirmation).
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { callAuthApi } from './api';
import { NoticeLine, OneTimeSecret, type Notice } from './ui';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { ClientForm } from '@/components/ui/client-form';

type UserView = { name: string; role: 'admin' | 'viewer'; createdAt: number; passwordChangedAt: number };

export function UsersPanel({ users, me }: { users: UserView[]; me: string }) {
  const router = useRouter();
  const [notice, setNotice] = useState<Notice>();
  const [secret, setSecret] = useState<{ label: string; value: string }>();
  const [pending, setPending] = useState(false);

  async function run<T>(method: string, path: string, body: unknown, done: (value: T) => string) {
    setPending(true);
    const answer = await callAuthApi<T>(method, path, body);
    setPending(false);
    setNotice(answer.ok ? { kind: 'ok', text: done(answer.value) } : { kind: 'error', text: answer.message });
    if (answer.ok) router.refresh();
    return answer;
  }

  async function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const password = String(data.get('password') ?? '');
    const body = { name: data.get('name'), role: data.get('role'), ...(password ? { password } : {}) };
    const answer = await run<{ user: UserView; password?: string }>('POST', '/api/auth/users', body, (v) => `added ${v.user.role} "${v.user.name}"`);
    if (answer.ok) {
      form.reset();
      if (answer.value.password) setSecret({ label: `Password for "${answer.value.user.name}"`, value: answer.value.password });
    }
  }

  async function onReset(name: string) {
    if (!window.confirm(`Reset the password of "${name}"? Their sessions end now.`)) return;
    const answer = await run<{ password?: string }>('PATCH', `/api/auth/users/${encodeURIComponent(name)}`, { resetPassword: true }, () => `password of "${name}" reset`);
    if (answer.ok && answer.value.password) setSecret({ label: `New password for "${name}"`, value: answer.value.password });
  }

  async function onRemove(name: string) {
    if (!window.confirm(`Remove the account "${name}" with its sessions and API tokens?`)) return;
    await run('DELETE', `/api/auth/users/${encodeURIComponent(name)}`, undefined, () => `removed "${name}"`);
  }

  return (
    <section className="space-y-3" aria-labelledby="users-heading">
      <h2 id="users-heading" className="text-lg font-medium">Accounts</h2>
      <NoticeLine notice={notice} />
      {secret && <OneTimeSecret label={secret.label} value={secret.value} onDone={() => setSecret(undefined)} />}
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase text-zinc-500">
          <tr><th className="py-1">Name</th><th>Role</th><th>Password changed (UTC)</th><th /></tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.name} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-2">{user.name}{user.name === me && <span className="ml-1 text-xs text-zinc-500">(you)</span>}</td>
              <td>
                <select
                  aria-label={`Role of ${user.name}`}
                  value={user.role}
                  disabled={pending}
                  onChange={(e) => void run('PATCH', `/api/auth/users/${encodeURIComponent(user.name)}`, { role: e.target.value }, () => `"${user.name}" is now ${e.target.value}`)}
                  className={inputClass}
                >
                  <option value="admin">admin</option>
                  <option value="viewer">viewer</option>
                </select>
              </td>
              <td className="font-mono text-xs">{new Date(user.passwordChangedAt).toISOString().replace('T', ' ').slice(0, 16)}</td>
              <td className="space-x-2 text-right">
                <Button disabled={pending} onClick={() => void onReset(user.name)} className="px-2 py-1 text-xs">Reset password</Button>
                {user.name !== me && (
                  <Button tone="danger" disabled={pending} onClick={() => void onRemove(user.name)} className="px-2 py-1 text-xs">Remove</Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ClientForm onSubmit={(e) => void onAdd(e)} className="flex flex-wrap items-end gap-2" aria-label="Add a user">
        <label className="text-xs text-zinc-500">Name<br /><input name="name" required maxLength={64} pattern="[a-zA-Z0-9][a-zA-Z0-9._\-]{0,63}" className={inputClass} /></label>
        <label className="text-xs text-zinc-500">Role<br />
          <select name="role" defaultValue="viewer" className={inputClass}><option value="viewer">viewer</option><option value="admin">admin</option></select>
        </label>
        <label className="text-xs text-zinc-500">Password (empty: generate)<br /><input name="password" type="password" minLength={8} maxLength={1024} autoComplete="new-password" className={inputClass} /></label>
        <Button type="submit" tone="primary" disabled={pending}>{pending ? 'Saving…' : 'Add user'}</Button>
      </ClientForm>
    </section>
  );
}
