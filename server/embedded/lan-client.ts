// The embedded cluster's LAN client: a host on the virtual LAN that resolves every VIP, as a
// router with traffic to each does, so the speakers' ARP/NDP counters move and its neighbour
// table says who answered last; and "verify now": a probe from a node's own NIC (not its
// speaker's) asking the LAN who has an IP, with every answer collected.
//
// Like a router it resolves a new VIP when it first needs it: within about a second of the VIP
// appearing, by broadcast, done at the first answer. After that it refreshes the neighbour it
// knows once a round with a unicast poll to the MAC it holds (RFC 1122 §2.3.2.1; Linux's
// ucast_solicit; NUD's unicast NS, RFC 4861 §7.3.3) and asks the whole LAN again only when that
// MAC stays silent (Linux then marks the entry failed and resolves afresh by broadcast; here that
// follows at once). A moved VIP reaches the table by its new leader's gratuitous frames, and so
// does one that starts being announced (a speaker that gains an IP announces it: docs/semantics.md),
// so a VIP nobody answers for is asked again only as a safety net, 4 rounds later, then 8, 16
// and 32: a Linux router without traffic for it would not ask at all. (An answer later than the
// window, from a speaker under heavy load, is missed until then.) So at rest the broadcasts
// every node's NIC must decode are only the ones a real LAN would carry too (measured: each costs
// about 1 µs of CPU per NIC on the segment; 10,000 VIPs without endpoints asked once a round kept
// a hundred simulated nodes near 2 % of a core).
import { sleep } from '../kube';
import { NeighborProbe, type NeighborEntry, type ProbeAnswer } from '../speaker/transport/neighbor-probe';
import type { VirtualLan } from '../speaker/transport/virtual-lan';

/** Refresh polls in flight at once (unicast: only the polled node's NIC decodes one). */
const CONCURRENCY = 8;
/**
 * First-contact questions in flight at once: a router's first packets to many new destinations.
 * At 100 ms a window, 10,000 new VIPs are asked in about 30 s rather than two minutes.
 */
const FIRST_CONTACT_CONCURRENCY = 32;
/** Rounds before an unanswered VIP is asked again: this many after the first silence, doubling after each. */
const FIRST_RETRY_ROUNDS = 4;
const MAX_RETRY_ROUNDS = 32;
/** How long a resolution collects answers (speakers on the virtual LAN answer within a few ms). */
const ANSWER_WINDOW_MS = 100;
const VERIFY_WINDOW_MS = 250;
/** How often the client looks for VIPs it has not resolved yet (when the services changed). */
const NEW_VIP_CHECK_MS = 1000;
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
  /** Moves whenever `vips` may have changed (the services informer's change count); without it `vips` is read every check. */
  version?: () => number;
  /** Resolves once `vips` knows the cluster's services. */
  synced?: (signal: AbortSignal) => Promise<unknown>;
}): LanClient {
  const nic = opts.lan.attach('lan-client', CLIENT_MAC);
  const probe = new NeighborProbe({ transport: nic });
  let rounds = 0;
  let probes = 0;

  /** VIPs asked for by broadcast that nobody answered: when to ask again, and how many times in a row. */
  const unanswered = new Map<string, { retryAt: number; silences: number }>();

  /** Asks the whole LAN, done at the first answer. */
  const ask = async (ip: string): Promise<void> => {
    const r = await probe.resolve(ip, { timeoutMs: ANSWER_WINDOW_MS, firstAnswer: true });
    if (!r.ok || r.value.answers.length > 0) {
      unanswered.delete(ip);
      return;
    }
    const silences = (unanswered.get(ip)?.silences ?? 0) + 1;
    const wait = Math.min(FIRST_RETRY_ROUNDS * 2 ** (silences - 1), MAX_RETRY_ROUNDS) * opts.intervalMs;
    unanswered.set(ip, { retryAt: Date.now() + wait, silences });
  };

  /** A unicast poll of the MAC held for `ip`; the whole LAN is asked if it stays silent. */
  const refresh = async (ip: string): Promise<void> => {
    const known = probe.lookup(ip);
    if (!known) return;
    const polled = await probe.resolve(ip, { timeoutMs: ANSWER_WINDOW_MS, unicastTo: known.mac });
    if (polled.ok && polled.value.answers.length === 0) await ask(ip);
  };

  /** Runs `each` over `ips`, `concurrency` at a time. */
  const resolveEach = async (ips: string[], each: (ip: string) => Promise<void>, concurrency: number, signal: AbortSignal): Promise<void> => {
    let next = 0;
    const worker = async () => {
      while (next < ips.length && !signal.aborted) {
        await each(ips[next++]);
        rounds++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };

  /** First contact: VIPs with no entry, asked once they appear and again after a growing wait when nobody answered. */
  const resolveNew = async (signal: AbortSignal) => {
    let seen: number | undefined;
    let retryAt = Infinity;
    while (!signal.aborted) {
      const version = opts.version?.();
      if (version === undefined || version !== seen || Date.now() >= retryAt) {
        seen = version;
        const now = Date.now();
        const vips = new Set(opts.vips());
        for (const ip of unanswered.keys()) if (!vips.has(ip)) unanswered.delete(ip); // its service is gone
        const fresh = [...vips].filter((ip) => !probe.lookup(ip) && now >= (unanswered.get(ip)?.retryAt ?? -Infinity));
        await resolveEach(fresh, ask, FIRST_CONTACT_CONCURRENCY, signal);
        retryAt = Infinity;
        for (const u of unanswered.values()) retryAt = Math.min(retryAt, u.retryAt);
      }
      await sleep(NEW_VIP_CHECK_MS, signal);
    }
  };

  /** Every interval: a unicast poll of each VIP's known MAC, CONCURRENCY at a time. */
  const refreshKnown = async (signal: AbortSignal) => {
    while (!signal.aborted) {
      const started = Date.now();
      await resolveEach([...new Set(opts.vips())].filter((ip) => probe.lookup(ip)), refresh, CONCURRENCY, signal);
      await sleep(Math.max(0, opts.intervalMs - (Date.now() - started)), signal);
    }
  };

  return {
    start(signal) {
      probe.start(signal);
      signal.addEventListener('abort', () => nic.close(), { once: true });
      if (opts.intervalMs <= 0) return;
      void (async () => {
        await opts.synced?.(signal);
        await Promise.all([resolveNew(signal), refreshKnown(signal)]);
      })();
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
