'use client';
// Create / edit an IPAddressPool: the whole spec as a form or as YAML, validated while typing with
// the shared poolFormSchema and the cross-pool overlap check, and a preview of what saving would
// move, which the Save button also says. Server-side issues land next to their field.
import { useRouter } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { poolDraft } from '@/lib/manifest/draft-yaml';
import type { IPAddressPool, PoolForm } from '@/lib/schemas';
import { poolResourceToForm } from '@/lib/schemas';
import { apiPaths, findCrossPoolOverlaps, queryKeys } from '@/lib/views';
import { ApiError, requestJson } from '@/components/data/api';
import { poolsQuery } from '@/components/data/queries';
import { useWrite } from '@/components/data/use-write';
import { DraftTabs, useDraftEditor } from '@/components/manifest/draft-editor';
import { ChangePreview } from '@/components/preview/change-preview';
import { describeSave, useDraftPreview } from '@/components/preview/use-draft-preview';
import { Button, LinkButton } from '@/components/ui/button';
import { ClientForm } from '@/components/ui/client-form';
import { PoolFields } from './pool-fields';
import { makePoolResolver } from './pool-resolver';

const EMPTY: PoolForm = { name: '', addresses: [''], autoAssign: true, avoidBuggyIPs: false };

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
  const others = useCallback(() => othersRef.current.map((p) => ({ name: p.name, addresses: p.addresses })), []);
  const form = useForm<PoolForm>({ mode: 'onChange', defaultValues: initial, resolver: makePoolResolver(others, existing?.metadata.name) });
  const { handleSubmit, formState, setError } = form;
  const overlaps = useCallback(
    (f: PoolForm) => findCrossPoolOverlaps(f.addresses, others(), existing?.metadata.name).map((o) => ({ path: ['addresses', o.index], message: o.message })),
    [others, existing],
  );
  const editor = useDraftEditor({ form, draft: poolDraft, stored: existing, fixedName: existing?.metadata.name, extra: overlaps, onLoad: (v) => setRows(Math.max(1, v.addresses.length)) });
  const preview = useDraftPreview(editor.draftObject);

  const save = useWrite({
    run: (values: PoolForm) =>
      editing
        ? requestJson<IPAddressPool>('PUT', apiPaths.pool(values.name), { ...values, generation })
        : requestJson<IPAddressPool>('POST', apiPaths.pools, values),
    success: (_r, v) => `Pool ${v.name} ${editing ? 'saved' : 'created'}`,
    failure: editing ? 'Could not save the pool' : 'Could not create the pool',
    invalidate: [queryKeys.pools, queryKeys.pool(initial.name), queryKeys.labels],
    onSuccess: (_r, v) => router.push(`/pools/${encodeURIComponent(v.name)}`),
    onError: (e) => {
      if (!(e instanceof ApiError)) return;
      for (const issue of e.issues) if (issue.path) setError(issue.path as Path<PoolForm>, { type: 'server', message: issue.message });
      setError('root', { type: 'server', message: e.message });
    },
  });

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    if (editor.tab === 'form') return handleSubmit((v) => save.mutate(v))(ev);
    ev.preventDefault();
    const values = editor.yamlValues();
    if (values) save.mutate(values);
  };

  const base = editing ? 'Save pool' : 'Create pool';
  return (
    <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,42rem)_minmax(0,1fr)]">
      <ClientForm onSubmit={submit} noValidate className="space-y-5" aria-label={editing ? 'Edit pool' : 'Create pool'}>
        <DraftTabs editor={editor} idPrefix="pool" saved="the spec and the labels">
          <PoolFields form={form} rows={rows} setRows={setRows} editing={editing} />
        </DraftTabs>
        {formState.errors.root?.message && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
            {formState.errors.root.message}
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" tone="primary" pending={save.isPending} data-testid="save">
            {save.isPending ? 'Saving…' : describeSave(base, preview)}
          </Button>
          <LinkButton href={editing ? `/pools/${encodeURIComponent(initial.name)}` : '/pools'}>Cancel</LinkButton>
        </div>
      </ClientForm>
      <ChangePreview state={preview} />
    </div>
  );
}
