'use client';
// A form whose controls stay disabled until React has hydrated the page: typing or clicking
// "Save" in the moment between the server's HTML and hydration would otherwise be lost, or post
// the form natively (a GET of the same page). Playwright and people alike wait for "enabled".
import { useSyncExternalStore, type FormHTMLAttributes } from 'react';
import { cx } from './cx';

const subscribe = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(subscribe, () => true, () => false);
}

export function ClientForm({ children, className, ...rest }: FormHTMLAttributes<HTMLFormElement>) {
  const hydrated = useHydrated();
  return (
    <form {...rest} aria-busy={hydrated ? undefined : true}>
      {/* The layout classes go on the fieldset, the form's only child. */}
      <fieldset disabled={!hydrated} className={cx('min-w-0', className)}>
        {children}
      </fieldset>
    </form>
  );
}
