// Users and API tokens. Everyone manages their own password and tokens here; admins also add,
// change and remove accounts and see every token.
import type { Metadata } from 'next';
import { canPrincipal, requirePagePrincipal } from '@/server/auth/page';
import { prepareAuth } from '@/server/auth/store';
import { listUsers } from '@/server/auth/users';
import { listTokens } from '@/server/auth/tokens';
import { toUserView } from '@/server/auth/manage';
import { UsersPanel } from './users-panel';
import { AccountPanel } from './account-panel';

export const metadata: Metadata = { title: 'Users · ironlb' };

export default async function UsersPage() {
  const principal = await requirePagePrincipal();
  const db = await prepareAuth();
  const isAdmin = canPrincipal(principal, 'admin');
  const tokens = listTokens(db, isAdmin ? undefined : principal.name);
  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-xl font-semibold">{isAdmin ? 'Users and tokens' : 'Your account'}</h1>
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          Signed in as {principal.name} ({principal.role}). Admins change the cluster; viewers only read.
        </p>
      </header>
      {isAdmin && <UsersPanel users={listUsers(db).map(toUserView)} me={principal.name} />}
      <AccountPanel tokens={tokens} me={principal.name} isAdmin={isAdmin} />
    </div>
  );
}
