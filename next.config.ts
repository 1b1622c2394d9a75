import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native and Node-only packages load from node_modules at run time, never bundled.
  serverExternalPackages: ['better-sqlite3', 'argon2', '@kubernetes/client-node', 'pino', 'prom-client'],
  poweredByHeader: false,
  // The container image serves Next's standalone output (Dockerfile); `npm start` uses `next start`.
  ...(process.env.IRONLB_STANDALONE === '1' ? { output: 'standalone' as const } : {}),
  typedRoutes: false,
};

export default nextConfig;
