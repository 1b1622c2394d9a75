// The frame around every signed-in page: sidebar, top bar, and the scrolling main area.
import type { ReactNode } from 'react';
import { Sidebar } from './sidebar';
import { ModeBanner, TopBar, UnreachableBanner } from './top-bar';

export function Shell({ user, role, children }: { user: string; role: 'admin' | 'viewer'; children: ReactNode }) {
  return (
    <div className="flex h-screen overflow-hidden">
      <Sidebar isAdmin={role === 'admin'} />
      <div className="flex min-w-0 flex-1 flex-col">
        <TopBar user={user} role={role} />
        <UnreachableBanner />
        <ModeBanner />
        <main id="main" className="min-h-0 flex-1 overflow-auto p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
