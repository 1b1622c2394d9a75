// Runs inside a node's network namespace: listens on that namespace's 127.0.0.1:<port> and
// pipes every connection to a Unix socket (a filesystem path, so it crosses namespaces), where
// the test process forwards to the embedded API server on the host's loopback.
import { createConnection, createServer } from 'node:net';

const [port, unixPath] = process.argv.slice(2);
const server = createServer((client) => {
  const upstream = createConnection(unixPath);
  client.pipe(upstream).pipe(client);
  const close = () => (client.destroy(), upstream.destroy());
  client.on('error', close);
  upstream.on('error', close);
});
server.listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => process.exit(0));
