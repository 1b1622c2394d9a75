// Small pieces the Users page panels share: a message line and a one-time secret box, on the
// components/ui kit.
import { Button } from '@/components/ui/button';


export type Notice = { kind: 'ok' | 'error'; text: string } | undefined;

export function NoticeLine({ notice }: { notice: Notice }) {
  if (!notice) return null;
  const tone =
    notice.kind === 'ok'
      ? 'bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200'
      : 'bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-300';
  return (
    <p role={notice.kind === 'error' ? 'alert' : 'status'} className={`rounded-md px-3 py-2 text-sm ${tone}`}>
      {notice.kind === 'ok' ? '● ' : '▲ '}
      {notice.text}
    </p>
  );
}

/** A secret shown once (generated password, new API token). */
export function OneTimeSecret({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  return (
    <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
      <p className="font-medium">{label} (shown only now; copy it):</p>
      <code className="mt-1 block select-all break-all rounded bg-white px-2 py-1 font-mono dark:bg-zinc-900">{value}</code>
      <Button onClick={onDone} className="mt-2 px-2 py-1 text-xs">Done</Button>
    </div>
  );
}
