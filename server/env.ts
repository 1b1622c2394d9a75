// The process environment, parsed once with zod. Everything else reads settings from here.
import { z } from 'zod';

const envSchema = z.object({
  IRONLB_DATA_DIR: z.string().default('./.ironlb'),
  IRONLB_MODE: z.enum(['auto', 'embedded', 'kube']).default('auto'),
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
  IRONLB_ADMIN_PASSWORD: z.string().optional(),
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

/** Which cluster to talk to: a configured one (kubeconfig / in-cluster) or the embedded API server. */
export function resolveMode(env: Env): 'embedded' | 'kube' {
  if (env.IRONLB_MODE !== 'auto') return env.IRONLB_MODE;
  return env.KUBECONFIG || env.KUBERNETES_SERVICE_HOST ? 'kube' : 'embedded';
}
