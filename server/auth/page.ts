// Sign-in for server components: the signed-in principal from the session cookie, or a redirect
// to /login (proxy.ts redirects early when there is no cookie; this also catches expired ones).
import 'server-only';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from './cookies';
import { checkRole, type Need, type Principal } from './check-request';
import { resolveSession } from './sessions';
import { prepareAuth } from './store';
import { toSafeNextPath } from './next-path';

export { toSafeNextPath };

/** The principal of this page request, or undefined when not signed in. */
export async function getPagePrincipal(): Promise<Principal | undefined> {
  const jar = await cookies();
  const id = jar.get(SECURE_SESSION_COOKIE)?.value ?? jar.get(SESSION_COOKIE)?.value;
  if (!id) return undefined;
  const session = resolveSession(await prepareAuth(), id);
  return session && { name: session.name, role: session.role, via: 'session' };
}

/** The signed-in principal; redirects to /login (and back afterwards) when there is none. */
export async function requirePagePrincipal(): Promise<Principal> {
  const principal = await getPagePrincipal();
  if (principal) return principal;
  const path = toSafeNextPath((await headers()).get('x-ironlb-path'));
  redirect(path === '/' ? '/login' : `/login?next=${encodeURIComponent(path)}`);
}

/** True when the principal's role covers the need (admin pages render a notice otherwise). */
export function canPrincipal(principal: Principal, need: Need): boolean {
  return checkRole(principal.role, need) === undefined;
}
