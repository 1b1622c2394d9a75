'use client';
// Create / edit an IPAddressPool. Validates while typing with the shared poolFormSchema and
// the cross-pool overlap check; submit shows a pending state and a toast with the server's
// answer; server-side issues land next to their field.
import { useRouter } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import type { IPAddressPool, PoolForm } from '@/lib/schemas';
import { poolResourceToForm } from '@/lib/schemas';
import { apiPaths, queryKeys } from '@/lib/views';
import { ApiError, requestJson } from '@/components/data/api';
import { poolsQuery } from '@/components/data/queries';
import { useWrite } from '@/components/data/use-write';
import { Button, LinkButton } from '@/components/ui/button';
import { Checkbox, Field, TextInput } from '@/components/ui/field';
import { makePoolResolver } from './pool-resolver';
import { ClientForm } from '@/components/ui/client-form';

const EMPTY: PoolForm = { name: '', addresses: [''], autoAssign: true, avoidBuggyIPs: false };

function errorAt(errors: unknown, i: number): string | undefined {
  const list = errors as ({ message?: string } | undefined)[] | undefined;
  return Array.isArray(list) ? list[i]?.message : undefined;
}

export function PoolFormView({ existing }: { existing?: IPAddressPool }) {
  const router = useRouter();
  const editing = Boolean(existing);
  const pools = useQuery(poolsQuery());
  const othersRef = useRef(pools.data?.items ?? []);
  othersRef.current = pools.data?.items ?? [];
  const initial = useMemo(() => (existing ? poolResourceToForm(existing) : EMPTY), [existing]);
  const [rows, setRows] = useState(Math.max(1, initial.addresses.length));
  // The spec version the user started editing from: a spec change by someone else meanwhile is a
  // 409; the controller's status writes are not.
  const [generation] = useState(existing?.metadata.generation);
  const form = useForm<PoolForm>({
    mode: 'onChange',
    defaultValues: initial,
    resolver: makePoolResolver(() => othersRef.current.map((p) => ({ name: p.name, addresses: p.addresses })), existing?.metadata.name),
  });
  const { register, handleSubmit, formState, getValues, setValue, setError } = form;

  const save = useWrite({
    run: (values: PoolForm) =>
      editing
        ? requestJson<IPAddressPool>('PUT', apiPaths.pool(values.name), { ...values, generation })
        : requestJson<IPAddressPool>('POST', apiPaths.pools, values),
    success: (_r, v) => `Pool ${v.name} ${editing ? 'saved' : 'created'}`,
    failure: editing ? 'Could not save the pool' : 'Could not create the pool',
    invalidate: [queryKeys.pools, queryKeys.pool(initial.name)],
    onSuccess: (_r, v) => router.push(`/pools/${encodeURIComponent(v.name)}`),
    onError: (e) => {
      if (!(e instanceof ApiError)) return;
      for (const issue of e.issues) if (issue.path) setError(issue.path as Path<PoolForm>, { type: 'server', message: issue.message });
      if (!e.issues.some((i) => i.path)) setError('root', { type: 'server', message: e.message });
    },
  });

  const removeRow = (i: number) => {
    const next = getValues('addresses').filter((_, j) => j !== i);
    setValue('addresses', next, { shouldValidate: true });
    setRows((n) => Math.max(1, n - 1));
  };

  const e = formState.errors;
  return (
    <ClientForm onSubmit={handleSubmit((v) => save.mutate(v))} noValidate className="max-w-2xl space-y-5" aria-label={editing ? 'Edit pool' : 'Create pool'}>
      <Field id="pool-name" label="Name" error={e.name?.message} hint="Lowercase letters, digits and '-', like my-ip-space.">
        <TextInput id="pool-name" {...register('name')} invalid={Boolean(e.name)} readOnly={editing} autoComplete="off" />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Addresses</legend>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">A CIDR (192.0.2.0/28, 2001:db8::/120) or a range (192.0.2.10-192.0.2.20), one per row.</p>
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="flex items-start gap-2">
            <div className="flex-1">
              <TextInput
                id={`pool-address-${i}`}
                aria-label={`Address ${i + 1}`}
                placeholder="10.20.13.15-10.20.13.20"
                {...register(`addresses.${i}` as const)}
                invalid={Boolean(errorAt(e.addresses, i))}
                autoComplete="off"
                className="font-mono"
              />
              {errorAt(e.addresses, i) && (
                <p id={`pool-address-${i}-error`} role="alert" data-testid="address-error" className="mt-1 text-xs text-red-600 dark:text-red-400">
                  {errorAt(e.addresses, i)}
                </p>
              )}
            </div>
            <Button tone="ghost" onClick={() => removeRow(i)} disabled={rows === 1} aria-label={`Remove address ${i + 1}`}>
              Remove
            </Button>
          </div>
        ))}
        {e.addresses?.message && <p role="alert" className="text-xs text-red-600">{e.addresses.message}</p>}
        {e.addresses?.root?.message && <p role="alert" className="text-xs text-red-600">{e.addresses.root.message}</p>}
        <Button onClick={() => setRows((n) => n + 1)}>Add address</Button>
      </fieldset>
      <Checkbox id="pool-auto" label="Auto-assign" hint="Hand out IPs to any LoadBalancer service. Off: only services that ask for this pool or an IP in it." {...register('autoAssign')} />
      <Checkbox id="pool-buggy" label="Avoid buggy IPs" hint="Never hand out IPv4 addresses ending in .0 or .255." {...register('avoidBuggyIPs')} />
      {e.root?.message && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {e.root.message}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" tone="primary" pending={save.isPending}>
          {save.isPending ? 'Saving…' : editing ? 'Save pool' : 'Create pool'}
        </Button>
        <LinkButton href={editing ? `/pools/${encodeURIComponent(initial.name)}` : '/pools'}>Cancel</LinkButton>
      </div>
    </ClientForm>
  );
}
