'use client';
// Create / edit an L2Advertisement with the shared l2AdvertisementFormSchema: which pools it
// announces (none ticked = all pools), which nodes may announce (label selector), interfaces.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Controller, useForm, type Path } from 'react-hook-form';
import { l2AdvertisementFormSchema, l2AdvertisementResourceToForm, type L2Advertisement, type L2AdvertisementForm } from '@/lib/schemas';
import { apiPaths, queryKeys } from '@/lib/views';
import { ApiError, requestJson } from '@/components/data/api';
import { poolsQuery } from '@/components/data/queries';
import { useWrite } from '@/components/data/use-write';
import { Button, LinkButton } from '@/components/ui/button';
import { Field, TextInput } from '@/components/ui/field';
import { formatMatchLabels, parseMatchLabels, splitList } from './labels-text';
import { ClientForm } from '@/components/ui/client-form';

const EMPTY: L2AdvertisementForm = {
  name: '',
  ipAddressPools: [],
  ipAddressPoolSelectors: [],
  nodeSelectors: [],
  interfaces: [],
  serviceSelectors: [],
  preferredNodeSelectors: [],
};

function PoolPicker({ value, onChange }: { value: string[]; onChange: (v: string[]) => void }) {
  const pools = useQuery(poolsQuery());
  const names = pools.data?.items.map((p) => p.name) ?? [];
  const toggle = (name: string) => onChange(value.includes(name) ? value.filter((v) => v !== name) : [...value, name]);
  return (
    <fieldset>
      <legend className="text-sm font-medium">Pools</legend>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">None ticked means every pool.</p>
      <div className="mt-1 flex flex-wrap gap-3">
        {names.length === 0 && <span className="text-sm text-zinc-500">No pools yet.</span>}
        {names.map((n) => (
          <label key={n} className="inline-flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={value.includes(n)} onChange={() => toggle(n)} className="size-4 accent-sky-600" />
            {n}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function AdvertisementFormView({ existing }: { existing?: L2Advertisement }) {
  const router = useRouter();
  const editing = Boolean(existing);
  const [initial] = useState(() => (existing ? l2AdvertisementResourceToForm(existing) : EMPTY));
  const [generation] = useState(existing?.metadata.generation);
  const [nodeText, setNodeText] = useState(formatMatchLabels(initial.nodeSelectors));
  const [ifText, setIfText] = useState(initial.interfaces.join(', '));
  const { register, handleSubmit, control, formState, setValue, setError } = useForm<L2AdvertisementForm>({
    mode: 'onChange',
    defaultValues: initial,
    resolver: zodResolver(l2AdvertisementFormSchema),
  });
  const save = useWrite({
    run: (v: L2AdvertisementForm) =>
      editing ? requestJson('PUT', apiPaths.advertisement(v.name), { ...v, generation }) : requestJson('POST', apiPaths.advertisements, v),
    success: (_r, v) => `L2Advertisement ${v.name} ${editing ? 'saved' : 'created'}`,
    failure: 'The server refused the L2Advertisement',
    invalidate: [queryKeys.advertisements, queryKeys.pools],
    onSuccess: () => router.push('/l2advertisements'),
    onError: (e) => {
      if (!(e instanceof ApiError)) return;
      for (const i of e.issues) if (i.path) setError(i.path as Path<L2AdvertisementForm>, { type: 'server', message: i.message });
      if (!e.issues.some((i) => i.path)) setError('root', { type: 'server', message: e.message });
    },
  });
  const e = formState.errors;
  return (
    <ClientForm onSubmit={handleSubmit((v) => save.mutate(v))} noValidate className="max-w-2xl space-y-5" aria-label={editing ? 'Edit L2Advertisement' : 'Create L2Advertisement'}>
      <Field id="adv-name" label="Name" error={e.name?.message}>
        <TextInput id="adv-name" {...register('name')} invalid={Boolean(e.name)} readOnly={editing} autoComplete="off" />
      </Field>
      <Controller control={control} name="ipAddressPools" render={({ field }) => <PoolPicker value={field.value} onChange={field.onChange} />} />
      <Field id="adv-nodes" label="Nodes (label selector)" hint="key=value pairs, comma separated; empty means every node. Example: kubernetes.io/hostname=node01" error={e.nodeSelectors?.message}>
        <TextInput
          id="adv-nodes"
          value={nodeText}
          onChange={(ev) => {
            setNodeText(ev.target.value);
            setValue('nodeSelectors', parseMatchLabels(ev.target.value), { shouldValidate: true });
          }}
          autoComplete="off"
        />
      </Field>
      <Field id="adv-ifs" label="Interfaces" hint="Comma separated; empty means every eligible interface." error={e.interfaces?.message ?? e.interfaces?.[0]?.message}>
        <TextInput
          id="adv-ifs"
          value={ifText}
          onChange={(ev) => {
            setIfText(ev.target.value);
            setValue('interfaces', splitList(ev.target.value), { shouldValidate: true });
          }}
          autoComplete="off"
        />
      </Field>
      {e.root?.message && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {e.root.message}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" tone="primary" pending={save.isPending}>
          {editing ? 'Save' : 'Create L2Advertisement'}
        </Button>
        <LinkButton href="/l2advertisements">Cancel</LinkButton>
      </div>
    </ClientForm>
  );
}
