// Network-namespace topology for tests that need real ARP/NDP: a bridge namespace (STP off,
// forward delay 0) with a client, N nodes and optional extra hosts on veths, documentation
// ranges only. Nodes behave like kube-proxy strictARP nodes: VIPs on lo, arp_ignore=1,
// arp_announce=2. API documented in test/netns/README.md.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { run, runSync, type RunResult } from './shell';

export interface Host {
  /** Logical name: 'client', 'node-1'..'node-N', or an extra host's name. */
  name: string;
  netns: string;
  ifname: 'eth0';
  mac: string;
  ipv4: string;
  ipv6: string;
}

export interface TopologyOptions {
  nodes?: number;
  /** Extra plain hosts on the segment (e.g. 'rogue'); they get no strictARP sysctls. */
  extraHosts?: string[];
}

export const NODE_SUBNET_V4 = '198.51.100.0/24';
export const NODE_SUBNET_V6 = '2001:db8::/64';
/** VIPs come from here; the client reaches them on-link, like a router on the nodes' LAN. */
export const VIP_SUBNET_V4 = '203.0.113.0/24';
export const VIP_SUBNET_V6 = '2001:db8:0:1::/64';

const NAME_BASE = 'ilb';
const live = new Set<string>();
const children = new Set<ChildProcess>();

/** These tests run as root in CI; elsewhere they must fail loudly, not skip. */
export function assertRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new Error('test/netns needs root (CAP_SYS_ADMIN + CAP_NET_ADMIN to create network namespaces); CI runs it as root: run `sudo npx vitest run test/netns`');
  }
}

function listNamespaces(): string[] {
  return runSync(['ip', 'netns', 'list']).split('\n').map((l) => l.split(' ')[0]).filter(Boolean);
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Deletes namespaces one netns: processes first, since a namespace outlives `ip netns del` while they run. */
function deleteNamespaceSync(ns: string): void {
  for (const pid of runSync(['ip', 'netns', 'pids', ns]).split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  runSync(['ip', 'netns', 'del', ns]);
  live.delete(ns);
}

/** Removes what crashed runs left behind: ilb-<pid>-* namespaces whose creator is dead. */
export function removeStaleTopologies(): string[] {
  const stale = listNamespaces().filter((ns) => {
    const m = new RegExp(`^${NAME_BASE}-(\\d+)-`).exec(ns);
    return m !== null && !isAlive(Number(m[1])) && Number(m[1]) !== process.pid;
  });
  stale.forEach(deleteNamespaceSync);
  return stale;
}

process.once('exit', () => {
  children.forEach((c) => c.kill('SIGKILL'));
  [...live].forEach(deleteNamespaceSync);
});

export class Topology {
  readonly hosts: Record<string, Host> = {};
  private readonly namespaces: string[];

  constructor(
    readonly prefix: string,
    readonly bridgeNetns: string,
    readonly client: Host,
    readonly nodes: Host[],
    extra: Host[],
  ) {
    for (const h of [client, ...nodes, ...extra]) this.hosts[h.name] = h;
    this.namespaces = [bridgeNetns, ...Object.values(this.hosts).map((h) => h.netns)];
  }

  /** Runs argv inside the host's namespace. */
  exec(host: Host, argv: string[], opts?: { allowFailure?: boolean; timeoutMs?: number }): Promise<RunResult> {
    return run(['ip', 'netns', 'exec', host.netns, ...argv], opts);
  }

  /** Starts a long-running process in the host's namespace; it is killed by destroy() at the latest. */
  spawn(host: Host, argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', host.netns, ...argv], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  }

  /** Puts a VIP on the host's lo (/32 or /128), as kube-proxy does for LoadBalancer IPs. */
  async addVip(host: Host, ip: string): Promise<void> {
    const v6 = ip.includes(':');
    await run(['ip', '-n', host.netns, ...(v6 ? ['-6'] : []), 'addr', 'replace', `${ip}/${v6 ? 128 : 32}`, 'dev', 'lo', ...(v6 ? ['nodad'] : [])]);
  }

  async removeVip(host: Host, ip: string): Promise<void> {
    const v6 = ip.includes(':');
    await run(['ip', '-n', host.netns, 'addr', 'del', `${ip}/${v6 ? 128 : 32}`, 'dev', 'lo'], { allowFailure: true });
  }

  /** Broadcast ARP requests (-b, so every answerer shows up); returns each reply's MAC and time. */
  async arping(from: Host, ip: string, opts: { count?: number; deadlineS?: number } = {}): Promise<{ mac: string; ms: number }[]> {
    const count = opts.count ?? 2;
    const r = await this.exec(from, ['arping', '-b', '-c', String(count), '-w', String(opts.deadlineS ?? count + 1), '-I', from.ifname, ip], { allowFailure: true });
    return parseArping(r.stdout);
  }

  /** One ICMP echo (ping or ping -6 by address family); true when answered. */
  async ping(from: Host, ip: string, opts: { count?: number; timeoutS?: number } = {}): Promise<boolean> {
    const r = await this.exec(from, ['ping', ...(ip.includes(':') ? ['-6'] : []), '-n', '-c', String(opts.count ?? 1), '-W', String(opts.timeoutS ?? 2), ip], { allowFailure: true });
    return r.code === 0;
  }

  /** The host's neighbour entry for ip (`ip neigh` / `ip -6 neigh`), or null. */
  async neighbor(of: Host, ip: string): Promise<{ mac: string | null; state: string } | null> {
    const r = await run(['ip', '-n', of.netns, ...(ip.includes(':') ? ['-6'] : []), 'neigh', 'show', ip, 'dev', of.ifname]);
    const line = r.stdout.trim();
    if (!line) return null;
    const mac = /lladdr ([0-9a-f:]{17})/.exec(line)?.[1] ?? null;
    return { mac, state: line.split(' ').pop() ?? '' };
  }

  async flushNeighbor(of: Host, ip: string): Promise<void> {
    await run(['ip', '-n', of.netns, ...(ip.includes(':') ? ['-6'] : []), 'neigh', 'flush', 'to', ip, 'dev', of.ifname], { allowFailure: true });
  }

  /** Polls the neighbour table (there is no event to await short of `ip monitor`) until ip maps to mac. */
  async waitForNeighbor(of: Host, ip: string, mac: string, timeoutMs = 3000): Promise<number> {
    const start = performance.now();
    while (performance.now() - start < timeoutMs) {
      if ((await this.neighbor(of, ip))?.mac === mac) return performance.now() - start;
      await new Promise((r) => setTimeout(r, 10));
    }
    const last = await this.neighbor(of, ip);
    throw new Error(`${of.name}'s neighbour entry for ${ip} is ${last?.mac ?? 'missing'} (${last?.state ?? '-'}), expected ${mac} within ${timeoutMs} ms`);
  }

  /** Kills every process in the namespaces, then deletes them. Safe to call twice. */
  async destroy(): Promise<void> {
    children.forEach((c) => c.kill('SIGKILL'));
    this.namespaces.forEach(deleteNamespaceSync);
  }
}

export function parseArping(stdout: string): { mac: string; ms: number }[] {
  return [...stdout.matchAll(/reply from \S+ \[([0-9A-Fa-f:]{17})\]\s+([\d.]+)ms/g)].map((m) => ({ mac: m[1].toLowerCase(), ms: Number(m[2]) }));
}

type Plan = { name: string; index: number; kind: 'client' | 'node' | 'extra' };

const hostAddress = (index: number) => ({
  mac: `02:00:00:00:00:${index.toString(16).padStart(2, '0')}`,
  ipv4: `198.51.100.${index}`,
  ipv6: `2001:db8::${index.toString(16)}`,
});

async function createNamespace(ns: string, sysctls: string[]): Promise<void> {
  if (listNamespaces().includes(ns)) deleteNamespaceSync(ns); // idempotent re-run with the same name
  await run(['ip', 'netns', 'add', ns]);
  live.add(ns);
  await run(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
  // New namespaces copy the host's IPv4 sysctls (FIELD-NOTES): pin what matters.
  await run(['ip', 'netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv4.conf.all.rp_filter=0', 'net.ipv4.conf.default.rp_filter=0',
    'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0', ...sysctls]);
}

const STRICT_ARP = ['net.ipv4.conf.all.arp_ignore=1', 'net.ipv4.conf.all.arp_announce=2'];
const PLAIN_ARP = ['net.ipv4.conf.all.arp_ignore=0', 'net.ipv4.conf.all.arp_announce=0'];

async function plugHost(prefix: string, bridgeNs: string, plan: Plan): Promise<Host> {
  const netns = `${prefix}-${plan.name}`;
  await createNamespace(netns, plan.kind === 'node' ? STRICT_ARP : PLAIN_ARP);
  const a = hostAddress(plan.index);
  const port = `p${plan.index}`;
  await run(['ip', '-n', bridgeNs, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'address', a.mac, 'netns', netns]);
  await run(['ip', '-n', bridgeNs, 'link', 'set', port, 'master', 'br0', 'up']);
  await run(['ip', '-n', netns, 'addr', 'add', `${a.ipv4}/24`, 'dev', 'eth0']);
  await run(['ip', '-n', netns, '-6', 'addr', 'add', `${a.ipv6}/64`, 'dev', 'eth0', 'nodad']);
  await run(['ip', '-n', netns, 'link', 'set', 'eth0', 'up']);
  if (plan.kind === 'client') {
    await run(['ip', '-n', netns, 'route', 'add', VIP_SUBNET_V4, 'dev', 'eth0']);
    await run(['ip', '-n', netns, '-6', 'route', 'add', VIP_SUBNET_V6, 'dev', 'eth0']);
  }
  return { name: plan.name, netns, ifname: 'eth0', ...a };
}

/**
 * Builds the topology: client 198.51.100.1 / 2001:db8::1, node-i 198.51.100.(10+i) /
 * 2001:db8::(10+i in hex), extra hosts from .101; MACs 02:00:00:00:00:<index in hex>.
 * On any failure it removes what it made and rethrows.
 */
export async function createTopology(opts: TopologyOptions = {}): Promise<Topology> {
  assertRoot();
  removeStaleTopologies();
  const prefix = `${NAME_BASE}-${process.pid}-${randomBytes(2).toString('hex')}`;
  const bridgeNs = `${prefix}-br`;
  const plans: Plan[] = [
    { name: 'client', index: 1, kind: 'client' },
    ...Array.from({ length: opts.nodes ?? 3 }, (_, i) => ({ name: `node-${i + 1}`, index: 11 + i, kind: 'node' as const })),
    ...(opts.extraHosts ?? []).map((name, i) => ({ name, index: 101 + i, kind: 'extra' as const })),
  ];
  try {
    await createNamespace(bridgeNs, []);
    // STP off and no forward delay: with STP the first ping took 31.6 s (FIELD-NOTES).
    await run(['ip', '-n', bridgeNs, 'link', 'add', 'br0', 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0']);
    await run(['ip', '-n', bridgeNs, 'link', 'set', 'br0', 'up']);
    const hosts = await Promise.all(plans.map((p) => plugHost(prefix, bridgeNs, p)));
    return new Topology(prefix, bridgeNs, hosts[0], hosts.filter((_, i) => plans[i].kind === 'node'), hosts.filter((_, i) => plans[i].kind === 'extra'));
  } catch (e) {
    [bridgeNs, ...plans.map((p) => `${prefix}-${p.name}`)].forEach((ns) => live.has(ns) && deleteNamespaceSync(ns));
    throw e;
  }
}
