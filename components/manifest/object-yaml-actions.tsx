'use client';
// "View YAML" (the object as `kubectl get -o yaml` prints it) and "Copy as kubectl apply" (a
// command that applies the object as it is now) for an object page.
import { useState } from 'react';
import { toApplyCommand, toKubectlYaml } from '@/lib/manifest/kubectl-yaml';
import { Button } from '@/components/ui/button';
import { Modal } from '@/components/ui/modal';
import { useToast } from '@/components/ui/toast';

function useCopy() {
  const toast = useToast();
  return async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      toast({ tone: 'success', title: `Copied ${what}` });
    } catch (e) {
      toast({ tone: 'error', title: `Could not copy ${what}`, message: `${e instanceof Error ? e.message : String(e)}: select the text under "View YAML" instead` });
    }
  };
}

export function ObjectYamlActions({ object, title, compact }: { object: object; title: string; compact?: boolean }) {
  const [open, setOpen] = useState(false);
  const copy = useCopy();
  const apply = () => void copy(toApplyCommand(object), 'the kubectl apply command');
  return (
    <>
      <Button onClick={() => setOpen(true)} aria-label={compact ? `View YAML of ${title}` : undefined}>
        {compact ? 'YAML' : 'View YAML'}
      </Button>
      {!compact && <Button onClick={apply}>Copy as kubectl apply</Button>}
      <Modal
        open={open}
        title={title}
        wide
        onClose={() => setOpen(false)}
        footer={
          <>
            <Button onClick={() => void copy(toKubectlYaml(object), 'the YAML')}>Copy YAML</Button>
            <Button onClick={apply}>Copy as kubectl apply</Button>
            <Button tone="primary" onClick={() => setOpen(false)}>
              Close
            </Button>
          </>
        }
      >
        <pre data-testid="object-yaml" className="overflow-auto rounded-md bg-zinc-50 p-3 font-mono text-xs leading-5 text-zinc-800 dark:bg-zinc-950 dark:text-zinc-200">
          {toKubectlYaml(object)}
        </pre>
      </Modal>
    </>
  );
}
