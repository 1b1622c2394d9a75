// Who may do what: every route handler asks here before it reads or writes. A session cookie or
// an API token names the caller; changes must come from our own origin; viewers only read.
import 'server-only';
import { authorizeRequest, type Authorization, type Need, type Principal } from './check-request';
import { prepareAuth } from './store';

export type { Authorization, Need, Principal };

export async function authorize(request: Request, need: Need): Promise<Authorization> {
  const db = await prepareAuth();
  return authorizeRequest(db, request, need);
}
