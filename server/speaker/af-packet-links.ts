// The real node's links: interfaces from /sys/class/net judged by MetalLB's rules
// (server/speaker/interfaces.ts), opened with the AF_PACKET addon. Also the start-up check
// that names what is missing (Linux, the addon, CAP_NET_RAW) instead of crashing later.
import { err, ok, type Result } from '../../lib/result';
import { DEFAULT_EXCLUDED_INTERFACES, DEFAULT_RESCAN_MS, scanInterfaces } from './interfaces';
import type { LinkProvider } from './links';
import { loadPacketAddon, openAfPacketTransport } from './transport';

export interface AfPacketLinkOptions {
  /** Only these interfaces (`--interface`); named ones bypass the name exclusion list. */
  only?: readonly string[];
  exclude?: readonly string[];
  rescanMs?: number;
}

export function afPacketLinkProvider(opts: AfPacketLinkOptions = {}): LinkProvider {
  const only = opts.only ?? [];
  // An interface named on the command line is wanted even if its name is on the exclusion list.
  const exclude = (opts.exclude ?? DEFAULT_EXCLUDED_INTERFACES).filter(
    (p) => !only.some((n) => matches(n, p)),
  );
  return {
    kind: 'af-packet',
    rescanMs: opts.rescanMs ?? DEFAULT_RESCAN_MS,
    async listEligible() {
      const scan = await scanInterfaces({ exclude: [...exclude] });
      return scan
        .filter((e) => e.eligible && (only.length === 0 || only.includes(e.name)))
        .map((e) => e.name);
    },
    open: (ifname) => openAfPacketTransport(ifname),
  };
}

const matches = (name: string, pattern: string): boolean =>
  pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;

/**
 * Can this process speak AF_PACKET at all? Opens (and closes) a socket on `probeInterface`;
 * only the errors that no retry can fix are reported.
 */
export function checkAfPacketReady(probeInterface = 'lo'): Result<void, string> {
  if (process.platform !== 'linux')
    return err(
      `the speaker answers ARP/NDP through AF_PACKET, which needs Linux; this is ${process.platform}`,
    );
  const addon = loadPacketAddon();
  if (!addon.ok) return err(addon.error.message);
  const opened = openAfPacketTransport(probeInterface);
  if (opened.ok) {
    opened.value.close();
    return ok(undefined);
  }
  if (opened.error.code === 'EPERM' || opened.error.code === 'EACCES') {
    return err(
      'no permission to open an AF_PACKET socket: the speaker needs CAP_NET_RAW (run as root, or in Kubernetes add securityContext.capabilities.add: ["NET_RAW"])',
    );
  }
  return ok(undefined); // e.g. EINVAL on a loopback: the socket itself could be opened
}
