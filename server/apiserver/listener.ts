// One port, two protocols: TLS connections (first byte 0x16, a handshake record) go to the HTTPS
// server, everything else to plain HTTP. kubectl needs TLS to send its token; in-process clients may use http.
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import type { TlsMaterial } from './tls/certificates';

const TLS_HANDSHAKE = 0x16;

/** A connection that sends nothing, or no complete request head, is closed after this long. */
export const HEADER_TIMEOUT_MS = 10_000;
/**
 * An idle keep-alive connection between requests is closed after this long: 90 s, as
 * kube-apiserver's server (k8s.io/apiserver ServingInfo.Serve sets IdleTimeout to 90 s, "matches
 * http.DefaultTransport keep-alive timeout"). Node's default of 5 s made every speaker's Lease
 * renewal (every 30 s) open a new TLS connection: a handshake and a CA parse on both ends.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 90_000;
/** Request line plus headers; beyond it (a label selector of 64 KB) the answer is 414 URI Too Long. */
export const MAX_HEADER_BYTES = 64 * 1024;

const serverOptions = (headerTimeoutMs: number) => ({
  headersTimeout: headerTimeoutMs,
  keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
  maxHeaderSize: MAX_HEADER_BYTES,
  connectionsCheckingInterval: Math.min(1_000, headerTimeoutMs),
  // Watches stream for minutes: only receiving the request is bounded, never the response.
  requestTimeout: 60_000,
});

const tooLongStatus = JSON.stringify({
  kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 414, reason: 'RequestURITooLong',
  message: `the request line and headers are larger than ${MAX_HEADER_BYTES} bytes (a label or field selector this long cannot be served)`,
});

/** Answers what the HTTP parser refused (too long a head: 414; anything else: 400) instead of dropping the connection. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket) {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const overflow = error.code === 'HPE_HEADER_OVERFLOW';
  const body = overflow ? tooLongStatus : JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 400, reason: 'BadRequest', message: 'malformed HTTP request' });
  const status = overflow ? '414 URI Too Long' : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export interface DualListener {
  port: number;
  close(): Promise<void>;
}

export function listenDual(handler: RequestListener, tls: TlsMaterial, port: number, host: string, headerTimeoutMs = HEADER_TIMEOUT_MS): Promise<DualListener> {
  const http = createHttpServer(serverOptions(headerTimeoutMs), handler);
  const https = createHttpsServer({ ...serverOptions(headerTimeoutMs), key: tls.keyPem, cert: tls.certPem, handshakeTimeout: headerTimeoutMs }, handler);
  const sockets = new Set<Socket>();
  http.on('clientError', answerClientError);
  https.on('clientError', answerClientError);
  https.on('tlsClientError', (_e, socket) => socket.destroy());
  // Neither server listens itself (the front does), so start the per-connection checks that
  // enforce headersTimeout and requestTimeout the way listen() would.
  http.emit('listening');
  https.emit('listening');
  const front = createNetServer({ pauseOnConnect: false }, (socket) => {
    // Silent from the start: neither server has seen it yet, so their timeouts cannot apply.
    const silent = setTimeout(() => socket.destroy(), headerTimeoutMs);
    sockets.add(socket);
    socket.on('close', () => { sockets.delete(socket); clearTimeout(silent); });
    socket.on('error', () => socket.destroy());
    socket.once('data', (first: Buffer) => {
      clearTimeout(silent);
      socket.pause();
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE ? https : http).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  return new Promise((resolve, reject) => {
    front.once('error', reject);
    front.listen(port, host, () => {
      front.off('error', reject);
      resolve({
        port: (front.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => {
          front.close(() => done());
          for (const s of sockets) s.destroy();
          http.closeAllConnections();
          https.closeAllConnections();
          http.close();
          https.close();
        }),
      });
    });
  });
}
