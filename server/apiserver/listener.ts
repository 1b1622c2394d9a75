// One port, two protocols: TLS connections (first byte 0x16, a handshake record) go to the HTTPS
// server, everything else to plain HTTP. kubectl needs TLS to send its token; in-process clients may use http.
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import type { TlsMaterial } from './tls/certificates';

const TLS_HANDSHAKE = 0x16;

export interface DualListener {
  port: number;
  close(): Promise<void>;
}

export function listenDual(handler: RequestListener, tls: TlsMaterial, port: number, host: string): Promise<DualListener> {
  const http = createHttpServer(handler);
  const https = createHttpsServer({ key: tls.keyPem, cert: tls.certPem }, handler);
  const sockets = new Set<Socket>();
  for (const s of [http, https]) s.on('clientError', (_e, socket) => socket.destroy());
  const front = createNetServer({ pauseOnConnect: false }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.once('data', (first: Buffer) => {
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
        }),
      });
    });
  });
}
