// Any /api path no route serves: a JSON 404 in the API's one error shape, never Next's HTML page.
import 'server-only';
import { jsonError } from '@/server/http/json';

export const dynamic = 'force-dynamic';

function notFound(request: Request): Response {
  return jsonError(404, 'NotFound', `no API route at ${new URL(request.url).pathname}`);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
