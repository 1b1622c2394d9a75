'use client';
// spec.serviceAllocation: pin a pool to some services (namespaces by name or label, services by
// label) and give it a priority among the pinned pools (docs/semantics.md "Resources and validation" and "Allocation").
import { useQuery } from '@tanstack/react-query';
import { Controller, type Control, type FieldErrors } from 'react-hook-form';
import type { PoolForm } from '@/lib/schemas';
import { labelsQuery } from '@/components/data/queries';
import { SelectorListEditor } from '@/components/labels/selector-list';
import { Checkbox, Field, TextInput } from '@/components/ui/field';
import { ListInput } from '@/components/ui/list-input';

type Allocation = NonNullable<PoolForm['serviceAllocation']>;
const EMPTY: Allocation = { namespaces: [], namespaceSelectors: [], serviceSelectors: [] };

export function ServiceAllocationFields({ control, errors }: { control: Control<PoolForm>; errors: FieldErrors<PoolForm> }) {
  const names = useQuery(labelsQuery()).data?.namespaceNames ?? [];
  const e = errors.serviceAllocation;
  return (
    <Controller
      control={control}
      name="serviceAllocation"
      render={({ field }) => {
        const sa = field.value;
        const set = (patch: Partial<Allocation>) => field.onChange({ ...(sa ?? EMPTY), ...patch });
        return (
          <fieldset className="space-y-4 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" data-testid="service-allocation">
            <legend className="px-1 text-sm font-medium">Service allocation</legend>
            <Checkbox
              id="pool-pinned"
              label="Serve only some services"
              hint="Off: any service may get an IP from this pool. On: only services in the namespaces below, or matching a selector; pinned pools are tried first, by priority."
              checked={sa !== undefined}
              onChange={(ev) => field.onChange(ev.target.checked ? EMPTY : undefined)}
            />
            {sa && (
              <>
                <Field id="pool-priority" label="Priority" hint="Lower numbers are tried first; empty or 0 comes after every positive priority." error={e?.priority?.message}>
                  <TextInput
                    id="pool-priority"
                    type="number"
                    min={0}
                    className="w-32"
                    value={sa.priority ?? ''}
                    invalid={Boolean(e?.priority)}
                    onChange={(ev) => set({ priority: ev.target.value === '' ? undefined : Number(ev.target.value) })}
                  />
                </Field>
                <Field id="pool-namespaces" label="Namespaces" hint="Comma separated. A service in one of them may use the pool (and must match a selector below, if any)." error={e?.namespaces?.message ?? e?.namespaces?.[0]?.message}>
                  <ListInput id="pool-namespaces" value={sa.namespaces} onChange={(namespaces) => set({ namespaces })} suggestions={names} invalid={Boolean(e?.namespaces)} placeholder="team-a, team-b" />
                </Field>
                <SelectorListEditor
                  id="pool-namespace-selectors"
                  legend="Namespace selectors"
                  item="Namespace selector"
                  hint="Namespaces by their labels; any selector may match."
                  value={sa.namespaceSelectors}
                  onChange={(namespaceSelectors) => set({ namespaceSelectors })}
                  source="namespaces"
                />
                <SelectorListEditor
                  id="pool-service-selectors"
                  legend="Service selectors"
                  item="Service selector"
                  hint="Services by their labels; any selector may match."
                  value={sa.serviceSelectors}
                  onChange={(serviceSelectors) => set({ serviceSelectors })}
                  source="services"
                />
              </>
            )}
          </fieldset>
        );
      }}
    />
  );
}
