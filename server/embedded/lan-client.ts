// The embedded cluster's LAN client: a host on the virtual LAN that resolves every VIP
// periodically, as a router does, so the speakers' ARP/NDP counters move and its neighbour table
// says who answered last; and "verify now": a probe from a node's own NIC (not its speaker's)
// asking the LAN who has an IP, with every answer collected.
//
// Like a router it refreshes a neighbour it already knows with a unicast poll to the MAC it holds
// (RFC 1122 §2.3.2.1; Linux's ucast_solicit; NUD's unicast NS, RFC 4861 §7.3.3) and asks the
// whole LAN only for a VIP it knows no MAC for, or when the known one stays silent (Linux then
// marks the entry failed and resolves afresh by broadcast; here that follows at once). A moved
// VIP reaches the table by its new leader's gratuitous frames. So at rest the broadcasts every
// node's NIC must decode are only the ones a real LAN would carry too.
import { NeighborProbe, type NeighborEntry, type ProbeAnswer } from '../speaker/transport/neighbor-probe';
import type { VirtualLan } from '../speaker/transport/virtual-lan';

/** Resolutions in flight at once: each a unicast poll, or a broadcast every node's NIC decodes. */
const CONCURRENCY = 8;
/** How long a resolution collects answers (speakers on the virtual LAN answer within a few ms). */
const ANSWER_WINDOW_MS = 100;
const VERIFY_WINDOW_MS = 250;
/** A round that found no VIP to resolve is followed by another this soon, not a whole interval later. */
const EMPTY_RETRY_MS = 1000;
/** A locally administered MAC no simulated node gets (those are 02:1b:...). */
const CLIENT_MAC = '02:00:5e:10:00:01';

export interface LanClient {
  start(signal: AbortSignal): void;
  /** What the client last learned for an IP: a router's view of who answers. */
  lookup(ip: string): NeighborEntry | undefined;
  /** Resolves `ip` from each node's own NIC; every answer within the window, in arrival order. */
  probeFrom(nodes: readonly string[], ip: string): Promise<{ from: string; answers: ProbeAnswer[] }[]>;
  /** Resolutions done so far (for tests and the log). */
  rounds(): number;
}

export function createLanClient(opts: {
  lan: VirtualLan;
  intervalMs: number;
  vips: () => string[];
  /** Resolves once `vips` knows the cluster's services. */
  synced?: (signal: AbortSignal) => Promise<unknown>;
}): LanClient {
  const nic = opts.lan.attach('lan-client', CLIENT_MAC);
  const probe = new NeighborProbe({ transport: nic });
  let rounds = 0;
  let probes = 0;

  /** A unicast poll of the MAC held for `ip`, then a broadcast if there is none or it was silent. */
  const refresh = async (ip: string): Promise<void> => {
    const known = probe.lookup(ip);
    if (known) {
      const polled = await probe.resolve(ip, { timeoutMs: ANSWER_WINDOW_MS, unicastTo: known.mac });
      if (!polled.ok || polled.value.answers.length > 0) return;
    }
    await probe.resolve(ip, { timeoutMs: ANSWER_WINDOW_MS });
  };

  /** Resolves every VIP once; how many there were. */
  const resolveAll = async (signal: AbortSignal): Promise<number> => {
    const queue = [...new Set(opts.vips())];
    const count = queue.length;
    const worker = async () => {
      for (let ip = queue.shift(); ip && !signal.aborted; ip = queue.shift()) {
        await refresh(ip);
        rounds++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return count;
  };

  return {
    start(signal) {
      probe.start(signal);
      signal.addEventListener('abort', () => nic.close(), { once: true });
      if (opts.intervalMs <= 0) return;
      const loop = async () => {
        await opts.synced?.(signal);
        while (!signal.aborted) {
          const started = Date.now();
          // No VIP yet (the services are listed before their IPs are handed out): look again soon.
          const period = (await resolveAll(signal)) > 0 ? opts.intervalMs : Math.min(opts.intervalMs, EMPTY_RETRY_MS);
          const rest = Math.max(0, period - (Date.now() - started));
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, rest);
            signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
          });
        }
      };
      void loop();
    },
    lookup: (ip) => probe.lookup(ip),
    async probeFrom(nodes, ip) {
      return Promise.all(
        nodes.map(async (from) => {
          // The node's own stack on its NIC: a port of its own, so its speaker hears the question.
          const port = opts.lan.attach(`${from}-verify-${++probes}`);
          const p = new NeighborProbe({ transport: port });
          const stop = new AbortController();
          p.start(stop.signal);
          try {
            const r = await p.resolve(ip, { timeoutMs: VERIFY_WINDOW_MS });
            return { from, answers: r.ok ? r.value.answers : [] };
          } finally {
            stop.abort();
            port.close();
          }
        }),
      );
    },
    rounds: () => rounds,
  };
}
