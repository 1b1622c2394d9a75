// POST /api/auth/logout: ends this browser's session and clears the cookie (204 even if none).
import 'server-only';
import { jsonError } from '@/server/http/json';
import { buildClearedCookies, isHttps, readSessionId } from '@/server/auth/cookies';
import { checkOrigin } from '@/server/auth/origin';
import { deleteSession, resolveSession } from '@/server/auth/sessions';
import { prepareAuth } from '@/server/auth/store';
import { recordAudit } from '@/server/auth/audit';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const origin = checkOrigin(request, false); // no signing people out from another site
  if (!origin.ok) return jsonError(403, 'Forbidden', origin.reason);
  const id = readSessionId(request.headers.get('cookie'));
  if (id) {
    const db = await prepareAuth();
    const session = resolveSession(db, id);
    deleteSession(db, id);
    if (session) {
      const principal = { name: session.name, role: session.role, via: 'session' as const };
      recordAudit({ principal, action: 'signout', resource: `Session/${session.name}`, before: null, after: null });
    }
  }
  const headers = new Headers({ 'Cache-Control': 'no-store' });
  for (const cookie of buildClearedCookies(isHttps(request))) headers.append('Set-Cookie', cookie);
  return new Response(null, { status: 204, headers });
}
