// The process environment, parsed once with zod. Everything else reads settings from here.
import { z } from 'zod';
import type { ModeSetting } from '../lib/views/cluster-mode';
import { parseTrustedProxies } from './auth/client-address';

const envSchema = z.object({
  IRONLB_DATA_DIR: z.string().default('./.ironlb'),
  /**
   * auto: embedded without a cluster configured; with one, metallb when MetalLB runs there, else
   * cluster. standalone: the dashboard runs the controller itself (`kube` is its former name).
   */
  IRONLB_MODE: z.enum(['auto', 'embedded', 'cluster', 'metallb', 'standalone', 'kube']).default('auto'),
  /** The dashboard refuses every write (for MetalLB users who manage their objects elsewhere). */
  IRONLB_READ_ONLY: z
    .enum(['true', 'false', '1', '0', ''])
    .default('')
    .transform((v) => v === 'true' || v === '1'),
  IRONLB_API_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  IRONLB_SYSTEM_NAMESPACE: z.string().default('metallb-system'),
  IRONLB_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The speaker Lease is the slow record (LAN heartbeats decide who is live): renewed rarely. */
  IRONLB_LEASE_DURATION_MS: z.coerce.number().int().min(200).default(45_000),
  IRONLB_LEASE_RENEW_MS: z.coerce.number().int().min(50).default(15_000),
  /** Speakers' LAN heartbeats: one per interface this often; a peer is gone after MISSED of them. */
  IRONLB_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(20).max(65_535).default(200),
  IRONLB_HEARTBEAT_MISSED: z.coerce.number().int().min(2).max(20).default(4),
  /** The embedded cluster's simulated speakers (a lossless in-memory LAN, a hundred in one process). */
  IRONLB_SIMULATED_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(20).max(65_535).default(5000),
  /** One gratuitous ARP/NA per announced IP this often after the burst on gain (0: none; MetalLB #3125). */
  IRONLB_GRATUITOUS_REFRESH_MS: z.coerce.number().int().min(0).default(60_000),
  /** Every speaker re-decides from scratch this often and corrects its wire; 0 turns it off. */
  IRONLB_SPEAKER_RESYNC_MS: z.coerce.number().int().min(0).default(5000),
  /** The history ledger keeps entries this many days (and at most IRONLB_HISTORY_MAX_ENTRIES). */
  IRONLB_HISTORY_MAX_AGE_DAYS: z.coerce.number().min(1).max(3660).default(90),
  /** Entries take about 125 bytes on disk with their indexes (BENCHMARKS.md): the default caps the file near 1.2 GB. */
  IRONLB_HISTORY_MAX_ENTRIES: z.coerce.number().int().min(1000).default(10_000_000),
  /** Embedded mode: the virtual LAN's client resolves every VIP once per this period; 0 turns it off. */
  IRONLB_LAN_CLIENT_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
  IRONLB_ADMIN_PASSWORD: z.string().optional(),
  /** The embedded API server also appends every request it served (who, verb, resource) here. */
  IRONLB_API_REQUEST_LOG: z.string().optional(),
  /**
   * Reverse proxies whose X-Forwarded-For is believed (comma-separated IPs or CIDRs). Default: nobody,
   * so the client is the connection's peer and a forged header changes nothing.
   */
  IRONLB_TRUSTED_PROXIES: z.string().default('').transform((text, ctx) => {
    const parsed = parseTrustedProxies(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.value;
  }),
  KUBECONFIG: z.string().optional(),
  KUBERNETES_SERVICE_HOST: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Parse the environment once; a bad value stops start-up with a message naming the variable. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  if (cached && source === process.env) return cached;
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment: ${lines.join('; ')}`);
  }
  if (source === process.env) cached = parsed.data;
  return parsed.data;
}

/** The mode setting, with `kube` read as its current name. */
export function modeSetting(env: Env): ModeSetting {
  return env.IRONLB_MODE === 'kube' ? 'standalone' : env.IRONLB_MODE;
}

/** Whether a cluster is configured (a kubeconfig, or a pod's service account). */
export const hasClusterConfig = (env: Env): boolean => !!(env.KUBECONFIG || env.KUBERNETES_SERVICE_HOST);

/** Which API server to talk to: a configured cluster, or the embedded one. */
export function resolveMode(env: Env): 'embedded' | 'kube' {
  const setting = modeSetting(env);
  if (setting === 'embedded' || (setting === 'auto' && !hasClusterConfig(env))) return 'embedded';
  return 'kube';
}
