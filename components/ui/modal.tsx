'use client';
// A modal dialog (native <dialog>): Escape closes it unless it is busy, the title labels it, the
// body scrolls. ConfirmDialog and the YAML viewer are built on it.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { cx } from './cx';

export function Modal({ open, title, children, footer, busy, onClose, wide }: { open: boolean; title: string; children: ReactNode; footer: ReactNode; busy?: boolean; onClose: () => void; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
      aria-labelledby={titleId}
      className={cx(
        'm-auto max-w-[calc(100vw-2rem)] rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100',
        wide ? 'w-[48rem]' : 'w-[32rem]',
      )}
    >
      {open && (
        <div className="p-5 text-left">
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          <div className="mt-2 max-h-[60vh] overflow-auto text-sm text-zinc-700 dark:text-zinc-300">{children}</div>
          <div className="mt-5 flex justify-end gap-2">{footer}</div>
        </div>
      )}
    </dialog>
  );
}
