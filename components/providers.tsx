'use client';
// Client-side providers: one TanStack Query client per browser tab, the live stream that keeps
// it current, and toasts.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { StreamProvider } from './live/stream-provider';
import { ToastProvider } from './ui/toast';

export function Providers({ children, live = false }: { children: ReactNode; live?: boolean }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 5_000, refetchOnWindowFocus: false, retry: (count, e) => count < 2 && (e as { status?: number }).status !== 404 },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      <ToastProvider>{live ? <StreamProvider>{children}</StreamProvider> : children}</ToastProvider>
    </QueryClientProvider>
  );
}
