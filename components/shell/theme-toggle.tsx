'use client';
// Light / dark: remembered in a cookie so the server renders the right class (no inline
// script, which the CSP would refuse); without a choice, the system preference applies.
import { useEffect, useState } from 'react';

export const THEME_COOKIE = 'ironlb-theme';

function applyTheme(dark: boolean): void {
  document.documentElement.classList.toggle('dark', dark);
}

export function ThemeToggle() {
  const [dark, setDark] = useState<boolean | null>(null);
  useEffect(() => {
    const chosen = document.cookie.match(/(?:^|; )ironlb-theme=(light|dark)/)?.[1];
    const isDark = chosen ? chosen === 'dark' : window.matchMedia('(prefers-color-scheme: dark)').matches;
    applyTheme(isDark);
    setDark(isDark);
  }, []);
  const toggle = () => {
    const next = !dark;
    setDark(next);
    applyTheme(next);
    document.cookie = `${THEME_COOKIE}=${next ? 'dark' : 'light'}; path=/; max-age=31536000; samesite=strict`;
  };
  return (
    <button
      type="button"
      onClick={toggle}
      aria-label={dark ? 'Switch to light theme' : 'Switch to dark theme'}
      className="rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
    >
      {dark ? '☀ Light' : '☾ Dark'}
    </button>
  );
}
