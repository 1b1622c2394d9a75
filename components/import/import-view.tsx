'use client';
// Import: paste a legacy MetalLB ConfigMap (or load metallb-system/config from the cluster),
// preview the IPAddressPools and L2Advertisements it becomes, then apply them.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiPaths, queryKeys } from '@/lib/views';
import { requestJson, getJson } from '@/components/data/api';
import { useWrite } from '@/components/data/use-write';
import { Button } from '@/components/ui/button';
import { ErrorBox } from '@/components/ui/feedback';
import { Card } from '@/components/ui/layout';
import { Chip } from '@/components/ui/state-badge';

interface Item {
  kind: string;
  name: string;
  outcome: 'create' | 'created' | 'unchanged' | 'conflict' | 'failed';
  message?: string;
}
interface Preview {
  yaml: string;
  warnings: string[];
  items: Item[];
}

const TONE = { create: 'good', created: 'good', unchanged: 'neutral', conflict: 'bad', failed: 'bad' } as const;

export function ImportView({ canWrite }: { canWrite: boolean }) {
  const router = useRouter();
  const [text, setText] = useState('');
  const preview = useMutation({ mutationFn: (t: string) => requestJson<Preview>('POST', apiPaths.importPreview, { text: t }) });
  const load = useMutation({ mutationFn: () => getJson<{ found: boolean; text: string }>(`${apiPaths.import}/source`) });
  const apply = useWrite({
    run: (t: string) => requestJson<{ items: Item[] }>('POST', apiPaths.import, { text: t }),
    success: (r) => `Imported: ${r.items.map((i) => `${i.kind} ${i.name} ${i.outcome}`).join(', ')}`,
    failure: 'Import failed',
    invalidate: [queryKeys.pools, queryKeys.advertisements],
    onSuccess: () => router.push('/pools'),
  });
  const canApply = preview.data && preview.data.items.some((i) => i.outcome === 'create') && !preview.data.items.some((i) => i.outcome === 'conflict');
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <Card title="Legacy ConfigMap">
        <label htmlFor="import-text" className="sr-only">
          Legacy MetalLB ConfigMap YAML
        </label>
        <textarea
          id="import-text"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            preview.reset();
          }}
          spellCheck={false}
          rows={18}
          placeholder={'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: metallb-system\n  name: config\ndata:\n  config: |\n    address-pools:\n    - name: my-ip-space\n      protocol: layer2\n      addresses:\n      - 10.20.13.15-10.20.13.20'}
          className="w-full rounded-md border border-zinc-300 bg-white p-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
        />
        <div className="mt-3 flex flex-wrap gap-2">
          <Button tone="primary" onClick={() => preview.mutate(text)} pending={preview.isPending} disabled={!text.trim()}>
            Preview
          </Button>
          <Button
            onClick={() =>
              load.mutate(undefined, {
                onSuccess: (r) => {
                  if (r.found) {
                    setText(r.text);
                    preview.reset();
                  }
                },
              })
            }
            pending={load.isPending}
          >
            Load metallb-system/config from the cluster
          </Button>
        </div>
        {load.data && !load.data.found && <p className="mt-2 text-sm text-zinc-500">The cluster has no metallb-system/config ConfigMap.</p>}
      </Card>
      <Card title="What it becomes">
        {preview.error && <ErrorBox title="Cannot convert this" message={preview.error.message} />}
        {!preview.data && !preview.error && <p className="text-sm text-zinc-500">Paste a ConfigMap and press Preview. Nothing is written until you apply.</p>}
        {preview.data && (
          <div className="space-y-3">
            <ul className="space-y-1 text-sm" data-testid="import-items">
              {preview.data.items.map((i) => (
                <li key={`${i.kind}/${i.name}`} className="flex items-center gap-2">
                  <Chip tone={TONE[i.outcome]}>{i.outcome}</Chip> {i.kind} <b>{i.name}</b>
                  {i.message && <span className="text-xs text-red-700">{i.message}</span>}
                </li>
              ))}
            </ul>
            {preview.data.warnings.map((w) => (
              <p key={w} className="text-sm text-amber-700 dark:text-amber-400">▲ {w}</p>
            ))}
            <pre className="max-h-80 overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-950" data-testid="import-yaml">{preview.data.yaml}</pre>
            {canWrite && (
              <Button tone="primary" onClick={() => apply.mutate(text)} pending={apply.isPending} disabled={!canApply}>
                Apply
              </Button>
            )}
          </div>
        )}
      </Card>
    </div>
  );
}
