// A quick yes/no on "does this Cookie header hold a live session?", for proxy.ts to send pages
// with an expired or forged cookie to /login with a real redirect (a page deep in a Suspense
// boundary can only redirect on the client). Route handlers still call authorize().
import { readSessionId } from './cookies';
import { getAuthDb } from './db';
import { resolveSession } from './sessions';
import { readEnv } from '../env';

export function hasLiveSession(cookieHeader: string | null): boolean {
  const id = readSessionId(cookieHeader);
  if (!id) return false;
  return resolveSession(getAuthDb(readEnv().IRONLB_DATA_DIR), id) !== undefined;
}
