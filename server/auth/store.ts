// The server process's auth database, ready to use: opened from IRONLB_DATA_DIR, migrated, and
// with a first admin created on first start. Call prepareAuth() at start-up to print early.
import { getAuthDb, authDbPath, type AuthDb } from './db';
import { ensureFirstAdmin } from './first-admin';
import { readEnv } from '../env';
import { processGlobal } from '../process-global';

/** The auth database of this process's data directory, with its first admin in place. */
export function prepareAuth(): Promise<AuthDb> {
  const env = readEnv();
  const ready = processGlobal('authReady', () => new Map<string, Promise<AuthDb>>());
  const key = authDbPath(env.IRONLB_DATA_DIR);
  let pending = ready.get(key);
  if (!pending) {
    pending = (async () => {
      const db = getAuthDb(env.IRONLB_DATA_DIR);
      await ensureFirstAdmin(db, { envPassword: env.IRONLB_ADMIN_PASSWORD, print: (text) => console.log(text) });
      return db;
    })();
    // A failed start (bad IRONLB_ADMIN_PASSWORD) is retried on the next call, not cached.
    pending.catch(() => ready.delete(key));
    ready.set(key, pending);
  }
  return pending;
}
