'use client';
// Create / edit an L2Advertisement: the whole spec as a form or as YAML (pools by name or label,
// nodes by label selector with expressions, interfaces, weighted preferred nodes, services by
// label), checked with the shared l2AdvertisementFormSchema, with a preview of what saving moves.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Controller, useForm, type Path } from 'react-hook-form';
import { advertisementDraft } from '@/lib/manifest/draft-yaml';
import { l2AdvertisementFormSchema, l2AdvertisementResourceToForm, type L2Advertisement, type L2AdvertisementForm } from '@/lib/schemas';
import { apiPaths, queryKeys } from '@/lib/views';
import { ApiError, requestJson } from '@/components/data/api';
import { poolsQuery } from '@/components/data/queries';
import { useWrite } from '@/components/data/use-write';
import { PreferredNodesEditor, SelectorListEditor } from '@/components/labels/selector-list';
import { DraftTabs, useDraftEditor } from '@/components/manifest/draft-editor';
import { ChangePreview } from '@/components/preview/change-preview';
import { describeSave, useDraftPreview } from '@/components/preview/use-draft-preview';
import { Button, LinkButton } from '@/components/ui/button';
import { ClientForm } from '@/components/ui/client-form';
import { Field, TextInput } from '@/components/ui/field';
import { ListInput } from '@/components/ui/list-input';

const EMPTY: L2AdvertisementForm = {
  name: '',
  ipAddressPools: [],
  ipAddressPoolSelectors: [],
  nodeSelectors: [],
  interfaces: [],
  serviceSelectors: [],
  preferredNodeSelectors: [],
};

const resolver = zodResolver(l2AdvertisementFormSchema);

function PoolPicker({ value, onChange }: { value: string[]; onChange: (v: string[]) => void }) {
  const pools = useQuery(poolsQuery());
  const names = pools.data?.items.map((p) => p.name) ?? [];
  const toggle = (name: string) => onChange(value.includes(name) ? value.filter((v) => v !== name) : [...value, name]);
  const unknown = value.filter((v) => !names.includes(v));
  return (
    <fieldset>
      <legend className="text-sm font-medium">Pools</legend>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">None ticked and no pool selector: every pool.</p>
      <div className="mt-1 flex flex-wrap gap-3">
        {names.length === 0 && <span className="text-sm text-zinc-500">No pools yet.</span>}
        {[...names, ...unknown].map((n) => (
          <label key={n} className="inline-flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={value.includes(n)} onChange={() => toggle(n)} className="size-4 accent-sky-600" />
            {n}
            {unknown.includes(n) && <span className="text-xs text-amber-700">(no such pool)</span>}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function AdvertisementFields({ form, editing }: { form: ReturnType<typeof useForm<L2AdvertisementForm>>; editing: boolean }) {
  const { register, control, formState } = form;
  const e = formState.errors;
  return (
    <>
      <Field id="adv-name" label="Name" error={e.name?.message}>
        <TextInput id="adv-name" {...register('name')} invalid={Boolean(e.name)} readOnly={editing} autoComplete="off" />
      </Field>
      <Controller control={control} name="ipAddressPools" render={({ field }) => <PoolPicker value={field.value} onChange={field.onChange} />} />
      <Controller
        control={control}
        name="ipAddressPoolSelectors"
        render={({ field }) => (
          <SelectorListEditor id="adv-pool-selectors" legend="Pool selectors" item="Pool selector" hint="Pools by their labels, besides the ticked ones." value={field.value} onChange={field.onChange} source="pools" />
        )}
      />
      <Controller
        control={control}
        name="nodeSelectors"
        render={({ field }) => (
          <SelectorListEditor id="adv-node-selectors" legend="Node selectors" item="Node selector" hint="Nodes that may announce; any selector may match. None: every node." value={field.value} onChange={field.onChange} source="nodes" />
        )}
      />
      <Controller
        control={control}
        name="interfaces"
        render={({ field }) => (
          <Field id="adv-ifs" label="Interfaces" hint="Comma separated; empty means every eligible interface." error={e.interfaces?.message ?? e.interfaces?.[0]?.message}>
            <ListInput id="adv-ifs" value={field.value} onChange={field.onChange} invalid={Boolean(e.interfaces)} placeholder="eth0" />
          </Field>
        )}
      />
      <Controller
        control={control}
        name="preferredNodeSelectors"
        render={({ field }) => <PreferredNodesEditor id="adv-preferred" value={field.value} onChange={field.onChange} error={(i) => e.preferredNodeSelectors?.[i]?.weight?.message} />}
      />
      <Controller
        control={control}
        name="serviceSelectors"
        render={({ field }) => (
          <SelectorListEditor id="adv-service-selectors" legend="Service selectors" item="Service selector" hint="Services it announces, by their labels. None: every service of its pools." value={field.value} onChange={field.onChange} source="services" />
        )}
      />
    </>
  );
}

export function AdvertisementFormView({ existing }: { existing?: L2Advertisement }) {
  const router = useRouter();
  const editing = Boolean(existing);
  const [initial] = useState(() => (existing ? l2AdvertisementResourceToForm(existing) : EMPTY));
  const [generation] = useState(existing?.metadata.generation);
  const form = useForm<L2AdvertisementForm>({ mode: 'onChange', defaultValues: initial, resolver });
  const editor = useDraftEditor({ form, draft: advertisementDraft, stored: existing, fixedName: existing?.metadata.name });
  const preview = useDraftPreview(editor.draftObject);
  const save = useWrite({
    run: (v: L2AdvertisementForm) =>
      editing ? requestJson('PUT', apiPaths.advertisement(v.name), { ...v, generation }) : requestJson('POST', apiPaths.advertisements, v),
    success: (_r, v) => `L2Advertisement ${v.name} ${editing ? 'saved' : 'created'}`,
    failure: 'The server refused the L2Advertisement',
    invalidate: [queryKeys.advertisements, queryKeys.advertisement(initial.name), queryKeys.pools],
    onSuccess: () => router.push('/l2advertisements'),
    onError: (e) => {
      if (!(e instanceof ApiError)) return;
      for (const i of e.issues) if (i.path) form.setError(i.path as Path<L2AdvertisementForm>, { type: 'server', message: i.message });
      form.setError('root', { type: 'server', message: e.message });
    },
  });
  const submit = (ev: FormEvent<HTMLFormElement>) => {
    if (editor.tab === 'form') return form.handleSubmit((v) => save.mutate(v))(ev);
    ev.preventDefault();
    const values = editor.yamlValues();
    if (values) save.mutate(values);
  };
  const rootError = form.formState.errors.root?.message;
  return (
    <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,42rem)_minmax(0,1fr)]">
      <ClientForm onSubmit={submit} noValidate className="space-y-5" aria-label={editing ? 'Edit L2Advertisement' : 'Create L2Advertisement'}>
        <DraftTabs editor={editor} idPrefix="adv" saved="the spec">
          <AdvertisementFields form={form} editing={editing} />
        </DraftTabs>
        {rootError && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
            {rootError}
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" tone="primary" pending={save.isPending} data-testid="save">
            {save.isPending ? 'Saving…' : describeSave(editing ? 'Save' : 'Create L2Advertisement', preview)}
          </Button>
          <LinkButton href="/l2advertisements">Cancel</LinkButton>
        </div>
      </ClientForm>
      <ChangePreview state={preview} />
    </div>
  );
}
