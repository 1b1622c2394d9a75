import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { cookies } from 'next/headers';
import { Providers } from '@/components/providers';
import { Shell } from '@/components/shell/shell';
import { getPagePrincipal } from '@/server/auth/page';
import './globals.css';

export const metadata: Metadata = {
  title: 'ironlb',
  description: 'Layer2 load balancer for bare-metal Kubernetes',
};

// Signed-in pages get the shell and the live stream; the sign-in page renders bare.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = (await cookies()).get('ironlb-theme')?.value;
  const principal = await getPagePrincipal();
  return (
    <html lang="en" className={theme === 'dark' ? 'dark' : undefined} suppressHydrationWarning>
      <body className="min-h-screen bg-zinc-50 text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <Providers live={Boolean(principal)}>
          {principal ? (
            <Shell user={principal.name} role={principal.role}>
              {children}
            </Shell>
          ) : (
            children
          )}
        </Providers>
      </body>
    </html>
  );
}
