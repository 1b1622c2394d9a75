// Buttons and link-buttons in three tones; a pending button is disabled and says so.
import Link from 'next/link';
import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { cx } from './cx';

type Tone = 'primary' | 'secondary' | 'danger' | 'ghost';

const TONES: Record<Tone, string> = {
  primary: 'bg-sky-600 text-white hover:bg-sky-700 disabled:bg-sky-600/50',
  secondary: 'border border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800',
  danger: 'bg-red-600 text-white hover:bg-red-700 disabled:bg-red-600/50',
  ghost: 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800',
};

const BASE =
  'inline-flex items-center justify-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:cursor-not-allowed';

/** The look of a button, for a control that renders its own element (the sign-out button). */
export const buttonLook = (tone: Tone = 'secondary', className?: string): string => cx(BASE, TONES[tone], className);

export function Button({ tone = 'secondary', pending, children, className, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { tone?: Tone; pending?: boolean }) {
  return (
    <button type="button" {...rest} disabled={rest.disabled || pending} aria-busy={pending || undefined} className={cx(BASE, TONES[tone], className)}>
      {pending && <span aria-hidden className="size-3 animate-spin rounded-full border-2 border-current border-t-transparent" />}
      {children}
    </button>
  );
}

export function LinkButton({ href, tone = 'secondary', children, className }: { href: string; tone?: Tone; children: ReactNode; className?: string }) {
  return (
    <Link href={href} className={cx(BASE, TONES[tone], className)}>
      {children}
    </Link>
  );
}
