'use client';
// Everyone: change your own password, and make or revoke API tokens (admins see all tokens).
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { callAuthApi } from './api';
import { NoticeLine, OneTimeSecret, type Notice } from './ui';
import { Button, buttonLook } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { ClientForm } from '@/components/ui/client-form';
import { SignOutButton } from '@/components/shell/sign-out';

type TokenView = { id: number; user: string; name: string; prefix: string; createdAt: number; lastUsedAt: number | null; expiresAt: number | null };

const day = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().slice(0, 10));

export function AccountPanel({ tokens, me, isAdmin }: { tokens: TokenView[]; me: string; isAdmin: boolean }) {
  const router = useRouter();
  const [notice, setNotice] = useState<Notice>();
  const [secret, setSecret] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setPending(true);
    const answer = await callAuthApi('PUT', '/api/auth/password', { current: data.get('current'), password: data.get('password') });
    setPending(false);
    if (answer.ok) window.location.assign('/login'); // every session of yours ended, this one too
    else setNotice({ kind: 'error', text: answer.message });
  }

  async function onToken(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const days = String(data.get('days') ?? '');
    setPending(true);
    const answer = await callAuthApi<{ token: string }>('POST', '/api/auth/tokens', { name: data.get('label'), ...(days ? { expiresInDays: Number(days) } : {}) });
    setPending(false);
    if (!answer.ok) return setNotice({ kind: 'error', text: answer.message });
    form.reset();
    setSecret(answer.value.token);
    setNotice(undefined);
    router.refresh();
  }

  async function onRevoke(token: TokenView) {
    if (!window.confirm(`Revoke the token "${token.name}" of ${token.user}? Scripts using it stop working.`)) return;
    setPending(true);
    const answer = await callAuthApi('DELETE', `/api/auth/tokens/${token.id}`);
    setPending(false);
    setNotice(answer.ok ? { kind: 'ok', text: `revoked "${token.name}"` } : { kind: 'error', text: answer.message });
    if (answer.ok) router.refresh();
  }

  return (
    <section className="space-y-3" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading" className="text-lg font-medium">API tokens{isAdmin ? '' : ` of ${me}`}</h2>
      <p className="text-sm text-zinc-500">A token acts with its user&apos;s role: send it as <code>Authorization: Bearer …</code>.</p>
      <NoticeLine notice={notice} />
      {secret && <OneTimeSecret label="New API token" value={secret} onDone={() => setSecret(undefined)} />}
      {tokens.length === 0 ? (
        <p className="text-sm text-zinc-500">No tokens yet.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-zinc-500">
            <tr><th className="py-1">Label</th>{isAdmin && <th>User</th>}<th>Starts with</th><th>Created</th><th>Last used</th><th>Expires</th><th /></tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-2 break-all">{t.name}</td>
                {isAdmin && <td>{t.user}</td>}
                <td className="font-mono text-xs">{t.prefix}…</td>
                <td>{day(t.createdAt)}</td><td>{day(t.lastUsedAt)}</td><td>{t.expiresAt === null ? 'never' : day(t.expiresAt)}</td>
                <td className="text-right"><Button disabled={pending} onClick={() => void onRevoke(t)} className="px-2 py-1 text-xs">Revoke</Button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ClientForm onSubmit={(e) => void onToken(e)} className="flex flex-wrap items-end gap-2" aria-label="Create an API token">
        <label className="text-xs text-zinc-500">Label<br /><input name="label" required maxLength={100} placeholder="ci deploy" className={inputClass} /></label>
        <label className="text-xs text-zinc-500">Expires in days (empty: never)<br /><input name="days" type="number" min={1} max={3650} className={inputClass} /></label>
        <Button type="submit" tone="primary" disabled={pending}>Create token</Button>
      </ClientForm>
      <ClientForm onSubmit={(e) => void onPassword(e)} className="flex flex-wrap items-end gap-2 border-t border-zinc-200 pt-4 dark:border-zinc-800" aria-label="Change your password">
        <label className="text-xs text-zinc-500">Current password<br /><input name="current" type="password" required autoComplete="current-password" className={inputClass} /></label>
        <label className="text-xs text-zinc-500">New password<br /><input name="password" type="password" required minLength={8} maxLength={1024} autoComplete="new-password" className={inputClass} /></label>
        <Button type="submit" tone="primary" disabled={pending}>Change password</Button>
      </ClientForm>
      <div className="border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <SignOutButton label="Sign out of this browser" className={buttonLook('secondary', 'px-2 py-1 text-xs')} />
      </div>
    </section>
  );
}
