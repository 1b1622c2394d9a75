'use client';
// The pool form's fields: name, addresses (one per row, checked while typing), auto-assign,
// avoid buggy IPs, the pool's labels (for L2Advertisement ipAddressPoolSelectors), and
// serviceAllocation.
import { Controller, type UseFormReturn } from 'react-hook-form';
import type { PoolForm } from '@/lib/schemas';
import { LabelsEditor } from '@/components/labels/selector-editor';
import { Button } from '@/components/ui/button';
import { Checkbox, Field, TextInput } from '@/components/ui/field';
import { ServiceAllocationFields } from './service-allocation-fields';

function errorAt(errors: unknown, i: number): string | undefined {
  const list = errors as ({ message?: string } | undefined)[] | undefined;
  return Array.isArray(list) ? list[i]?.message : undefined;
}

function AddressRows({ form, rows, setRows }: { form: UseFormReturn<PoolForm>; rows: number; setRows: (update: (n: number) => number) => void }) {
  const { register, formState, getValues, setValue } = form;
  const e = formState.errors;
  const removeRow = (i: number) => {
    const next = getValues('addresses').filter((_, j) => j !== i);
    setValue('addresses', next, { shouldValidate: true });
    setRows((n) => Math.max(1, n - 1));
  };
  return (
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
  );
}

export function PoolFields({ form, rows, setRows, editing }: { form: UseFormReturn<PoolForm>; rows: number; setRows: (update: (n: number) => number) => void; editing: boolean }) {
  const { register, formState, control } = form;
  const e = formState.errors;
  return (
    <>
      <Field id="pool-name" label="Name" error={e.name?.message} hint="Lowercase letters, digits and '-', like my-ip-space.">
        <TextInput id="pool-name" {...register('name')} invalid={Boolean(e.name)} readOnly={editing} autoComplete="off" />
      </Field>
      <AddressRows form={form} rows={rows} setRows={setRows} />
      <Checkbox id="pool-auto" label="Auto-assign" hint="Hand out IPs to any LoadBalancer service. Off: only services that ask for this pool or an IP in it." {...register('autoAssign')} />
      <Checkbox id="pool-buggy" label="Avoid buggy IPs" hint="Never hand out IPv4 addresses ending in .0 or .255." {...register('avoidBuggyIPs')} />
      <fieldset className="space-y-1" data-testid="pool-labels">
        <legend className="text-sm font-medium">Labels</legend>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">An L2Advertisement can select pools by these (ipAddressPoolSelectors).</p>
        <Controller control={control} name="labels" render={({ field }) => <LabelsEditor idPrefix="pool-labels" name="Pool" value={field.value ?? {}} onChange={field.onChange} source="pools" />} />
      </fieldset>
      <ServiceAllocationFields control={control} errors={e} />
    </>
  );
}
