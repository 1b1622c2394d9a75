// The browser tab's TanStack Query client: data stays fresh for 5 s unless the live stream says
// otherwise, no refetch on focus (the stream keeps pages current), two retries except on 404.
import { QueryClient } from '@tanstack/react-query';

export function createBrowserQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 5_000, refetchOnWindowFocus: false, retry: (count, e) => count < 2 && (e as { status?: number }).status !== 404 },
    },
  });
}
