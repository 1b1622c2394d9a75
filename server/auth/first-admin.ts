// First start: with no admin account, create "admin" with IRONLB_ADMIN_PASSWORD, or with a
// generated password printed once to the console (it is stored only as an argon2 hash).
import type { AuthDb } from './db';
import { checkPassword, generatePassword, hashPassword } from './passwords';
import { countAdmins, findUser } from './users';

export const FIRST_ADMIN = 'admin';

export type FirstAdminOutcome = { created: false } | { created: true; generated: boolean };

export async function ensureFirstAdmin(
  db: AuthDb,
  options: { envPassword?: string; print: (text: string) => void; now?: number },
): Promise<FirstAdminOutcome> {
  if (countAdmins(db) > 0) return { created: false };
  if (findUser(db, FIRST_ADMIN)) {
    throw new Error(`no admin account, and "${FIRST_ADMIN}" is a viewer: run "npx ironlb user role ${FIRST_ADMIN} admin"`);
  }
  const generated = !options.envPassword;
  const password = options.envPassword || generatePassword();
  const problem = checkPassword(password);
  if (problem) throw new Error(`IRONLB_ADMIN_PASSWORD is not acceptable: ${problem}`);
  const hash = await hashPassword(password);
  const now = options.now ?? Date.now();
  // Another process may have created the admin while we hashed: insert only if there is still none.
  const created = db.transaction(() => {
    if (countAdmins(db) > 0 || findUser(db, FIRST_ADMIN)) return false;
    db.prepare(
      "INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES (?, 'admin', ?, ?, ?)",
    ).run(FIRST_ADMIN, hash, now, now);
    return true;
  }).immediate();
  if (!created) return { created: false };
  if (generated) {
    options.print(
      [
        '',
        '================================================================',
        ` ironlb: first start. Sign in as "${FIRST_ADMIN}" with password:`,
        `     ${password}`,
        ' This is shown only once. Change it with: npx ironlb user passwd admin',
        '================================================================',
        '',
      ].join('\n'),
    );
  }
  return { created: true, generated };
}
