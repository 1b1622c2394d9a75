'use client';
// Client-side providers: one TanStack Query client per browser tab, the live stream that keeps
// it current, and toasts.
import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { createBrowserQueryClient } from './data/query-client';
import { StreamProvider } from './live/stream-provider';
import { ToastProvider } from './ui/toast';

export function Providers({ children, live = false }: { children: ReactNode; live?: boolean }) {
  const [client] = useState(createBrowserQueryClient);
  return (
    <QueryClientProvider client={client}>
      <ToastProvider>{live ? <StreamProvider>{children}</StreamProvider> : children}</ToastProvider>
    </QueryClientProvider>
  );
}
