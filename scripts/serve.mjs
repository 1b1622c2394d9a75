// The dashboard's HTTP server: Next.js's request handler behind Node's own http server, so that
//  - every request carries the connection's real peer address in x-ironlb-peer (set here, any client
//    value replaced), which sign-in throttling and the audit log read (server/auth/client-address.ts);
//  - a connection that sends nothing, or never finishes its request head, is closed (headersTimeout),
//    and an idle keep-alive connection too (keepAliveTimeout); `next start` sets neither;
//  - a method a route does not take is answered 405 with words (Next sends an empty body).
// Usage: node scripts/serve.mjs [-p PORT] [-H HOST] [DIR]   (PORT / IRONLB_HOST also work), or
// serveDashboard() from `ironlb dashboard` (the container image keeps this file beside .next).
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import next from 'next';

export const HEADER_TIMEOUT_MS = 10_000;
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** Gives Next's bodiless 405 a JSON message naming the methods the route takes (its Allow header). */
function explainEmpty405(req, res) {
  const { writeHead, write, end } = res;
  let wrote = false;
  const is405 = (status) => (typeof status === 'number' ? status : res.statusCode) === 405;
  res.writeHead = function (status, ...rest) {
    // Next sends the head before an empty end(): the type is declared here, the words at the end.
    if (is405(status) && !res.getHeader('content-type')) res.setHeader('content-type', 'application/json');
    return writeHead.call(this, status, ...rest);
  };
  res.write = function (...args) {
    wrote = true;
    return write.apply(this, args);
  };
  res.end = function (chunk, ...rest) {
    const empty = chunk === undefined || chunk === null || typeof chunk === 'function' || chunk.length === 0;
    if (res.statusCode !== 405 || wrote || !empty) return end.call(this, chunk, ...rest);
    if (!res.headersSent) res.setHeader('content-type', 'application/json');
    const allow = String(res.getHeader('allow') ?? '');
    const message = `${req.method} is not allowed on ${(req.url ?? '').split('?')[0]}${allow ? `; it takes ${allow}` : ''}`;
    return end.call(this, JSON.stringify({ code: 'MethodNotAllowed', message }), ...(typeof chunk === 'function' ? [chunk] : rest));
  };
}

/** Serves the built app in `dir` until SIGINT/SIGTERM. */
export async function serveDashboard({ port, hostname, dir }) {
  process.env.NODE_ENV ??= 'production';
  // Next's standalone output (the image) has no next.config: its config travels in this file.
  const serverFiles = path.join(dir, '.next', 'required-server-files.json');
  if (!existsSync(path.join(dir, 'next.config.ts')) && existsSync(serverFiles)) {
    process.env.__NEXT_PRIVATE_STANDALONE_CONFIG ??= JSON.stringify(JSON.parse(readFileSync(serverFiles, 'utf8')).config);
  }
  const app = next({ dev: false, dir, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = createServer({
    headersTimeout: HEADER_TIMEOUT_MS,
    requestTimeout: 60_000, // receiving a request; streamed answers (the live feed) are not limited
    keepAliveTimeout: Math.min(KEEP_ALIVE_TIMEOUT_MS, HEADER_TIMEOUT_MS),
    connectionsCheckingInterval: Math.min(1_000, HEADER_TIMEOUT_MS),
  }, (req, res) => {
    req.headers['x-ironlb-peer'] = req.socket.remoteAddress ?? '';
    explainEmpty405(req, res);
    void handle(req, res);
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  server.listen(port, hostname, () => {
    console.log(`ironlb: dashboard listening on http://${hostname}:${port}`);
  });

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      server.close();
      server.closeAllConnections();
      // Next's instrumentation stops the worker on exit; give it its moment, then go.
      void Promise.resolve(app.close?.()).finally(() => process.exit(0));
    });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' } },
    allowPositionals: true,
  });
  await serveDashboard({
    port: Number(values.port ?? process.env.PORT ?? 3000),
    hostname: values.hostname ?? process.env.IRONLB_HOST ?? '127.0.0.1',
    dir: path.resolve(positionals[0] ?? '.'),
  });
}
