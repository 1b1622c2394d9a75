// The sign-in page: public; a signed-in visitor goes straight on to where they were headed.
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { getPagePrincipal, toSafeNextPath } from '@/server/auth/page';
import { prepareAuth } from '@/server/auth/store';
import { loginErrorMessage } from '@/server/auth/login-errors';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in · ironlb' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  await connection(); // rendered per request: the CSP nonce must reach Next's scripts
  await prepareAuth(); // on first start, the admin password is printed before anyone needs it
  const params = await searchParams;
  const next = toSafeNextPath(typeof params.next === 'string' ? params.next : undefined);
  const error = loginErrorMessage(params.error);
  if (await getPagePrincipal()) redirect(next);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <h1 className="text-2xl font-semibold tracking-tight">ironlb</h1>
          <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">Sign in to manage your load balancer</p>
        </div>
        <LoginForm next={next} initialError={error} />
      </div>
    </main>
  );
}
