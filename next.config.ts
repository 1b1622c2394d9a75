import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native and Node-only packages load from node_modules at run time, never bundled.
  serverExternalPackages: ['better-sqlite3', 'argon2', '@kubernetes/client-node', 'pino', 'prom-client'],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
