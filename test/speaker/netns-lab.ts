// A lab for real speaker processes: the netns topology of test/netns/support (client, nodes,
// a rogue host on one bridge), one embedded API server in this process, and one
// `ironlb speaker` process per node namespace on AF_PACKET.
//
// Reaching the API server from inside a namespace: a namespace has its own loopback, so the
// host's 127.0.0.1 is out of reach. This process serves a Unix socket (a filesystem path,
// which namespaces do not isolate) that forwards to the API server; inside each node namespace
// a tiny forwarder listens on 127.0.0.1:API_PORT and pipes to that socket. Nothing is added to
// the host's network and the node keeps exactly the links the test gives it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { getObject, listObjects, RESOURCES } from '../../server/kube';
import { nodeOfLease, toNodeView, withLanStates, type KubeLease, type KubeNode, type NodeView } from '../../lib/views';
import { electAnnouncer, hashRanker } from '../../lib/election';
import { advertisement, service as serviceInfo } from '../../lib/election/test-fixtures';
import { sha256 } from '../../server/speaker/hash';
import { parseSpeakerHealth, type SpeakerHealth } from '../../lib/reconcile/speaker-health';
import { createTopology, type Host, type Topology } from '../netns/support/topology';
import { run } from '../netns/support/shell';
import { createSpeakerKey, NS, startCluster, waitFor, type Cluster } from './support';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** The port the forwarder listens on inside every node namespace (each has its own loopback). */
export const API_PORT = 16443;
/** Every speaker serves its metrics on its namespace's 127.0.0.1 (MetalLB's port). */
const METRICS_PORT = 7472;

export interface SpeakerProcess {
  node: string;
  /** Wall-clock start: a health report older than this is the previous process's. */
  startedAt: number;
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

export class SpeakerLab {
  readonly speakers = new Map<string, SpeakerProcess>();
  /** How speakers are run: the package's bin (TypeScript through tsx), or the bundle as the image runs it (useBundle). */
  private command = [process.execPath, join(ROOT, 'bin/ironlb.mjs')];
  /** Node -> the process that carries its API connections (see cutApi). */
  private readonly forwarders = new Map<string, ChildProcess>();

  private constructor(
    readonly topo: Topology,
    readonly cluster: Cluster,
    private readonly bridge: Server,
    private readonly socketPath: string,
    readonly kubeconfig: string,
  ) {}

  static async create(opts: { nodes?: number; extraHosts?: string[] } = {}): Promise<SpeakerLab> {
    const topo = await createTopology({ nodes: opts.nodes ?? 3, extraHosts: opts.extraHosts ?? ['rogue'] });
    let cluster: Cluster | undefined;
    try {
      cluster = await startCluster();
      const api = new URL(cluster.api.url);
      const socketPath = join(cluster.dataDir, 'api.sock');
      const bridge = createServer((c) => {
        const up = createConnection(Number(api.port), api.hostname);
        c.pipe(up).pipe(c);
        const close = () => (c.destroy(), up.destroy());
        c.on('error', close);
        up.on('error', close);
      });
      bridge.listen(socketPath);
      await once(bridge, 'listening');
      const kubeconfig = join(cluster.dataDir, 'speaker-kubeconfig');
      writeFileSync(kubeconfig, speakerKubeconfig(cluster.api.token));
      const lab = new SpeakerLab(topo, cluster, bridge, socketPath, kubeconfig);
      for (const node of topo.nodes) await lab.startForwarder(node);
      // What the controller does on its first start: the speakers' heartbeat key.
      await createSpeakerKey({ kube: cluster.kube, namespace: NS });
      return lab;
    } catch (e) {
      await cluster?.close();
      await topo.destroy();
      throw e;
    }
  }

  get kube() {
    return this.cluster.kube;
  }

  host(node: string): Host {
    const h = this.topo.hosts[node];
    if (!h) throw new Error(`no host ${node}`);
    return h;
  }

  private async startForwarder(node: Host): Promise<void> {
    const child = this.topo.spawn(node, [
      process.execPath,
      join(ROOT, 'test/speaker/netns-forwarder.mjs'),
      String(API_PORT),
      this.socketPath,
    ]);
    this.forwarders.set(node.name, child);
    const [line] = (await Promise.race([once(child.stdout!, 'data'), once(child, 'exit')])) as [
      Buffer | number,
    ];
    if (!Buffer.isBuffer(line) || !line.toString().includes('ready'))
      throw new Error(`API forwarder in ${node.name} did not start`);
  }

  /**
   * Cuts the node off from the API server (its LAN stays): the forwarder in its namespace dies,
   * so open watches break and new connections are refused, as when a node loses its route to
   * the control plane.
   */
  async cutApi(node: string): Promise<void> {
    const child = this.forwarders.get(node);
    if (!child) throw new Error(`no API forwarder for ${node}`);
    this.forwarders.delete(node);
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  /** Gives the node its API connection back. */
  async healApi(node: string): Promise<void> {
    if (!this.forwarders.has(node)) await this.startForwarder(this.host(node));
  }

  /**
   * Starts `ironlb speaker --node <name>` inside the node's namespace: with the lab's admin
   * kubeconfig, or as a Pod would (`wrap` puts its ServiceAccount token at the in-cluster paths;
   * the API server is at 127.0.0.1:API_PORT in every node namespace).
   */
  startSpeaker(node: string, extraArgs: string[] = [], env: Record<string, string> = {}, wrap?: (argv: string[]) => string[]): SpeakerProcess {
    // The package's own bin, i.e. what `npx ironlb speaker` runs.
    const auth = wrap ? [] : ['--kubeconfig', this.kubeconfig];
    const bare = [...this.command, 'speaker', '--node', node, ...auth, '--namespace', NS, '--metrics-port', String(METRICS_PORT), ...extraArgs];
    const argv = wrap ? wrap(bare) : bare;
    const podEnv = wrap ? { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(API_PORT) } : {};
    const child = this.topo.spawn(this.host(node), argv, { cwd: ROOT, env: { ...process.env, ...podEnv, ...env } });
    const output: string[] = [];
    const keep = (b: Buffer) => {
      output.push(...b.toString().split('\n').filter(Boolean));
      if (output.length > 400) output.splice(0, output.length - 400);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const proc = { node, child, output, exited, startedAt: Date.now() };
    this.speakers.set(node, proc);
    return proc;
  }

  /**
   * Speakers started from now on run the bundled command the container image runs
   * (dist/cli/ironlb.mjs, built here by scripts/build-cli.mjs) with the node flags of the image's
   * entrypoint (scripts/image-entrypoint.sh): start-up figures of tsx's transpiling are not a speaker's.
   */
  async useBundle(): Promise<void> {
    await promisify(execFile)(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, timeout: 120_000 });
    this.command = [process.execPath, '--max-semi-space-size=1', '--optimize-for-size', join(ROOT, 'dist/cli/ironlb.mjs')];
  }

  /** Sends a signal to the node's speaker and waits for it to exit. */
  async stopSpeaker(node: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const proc = this.speakers.get(node);
    if (!proc) return null;
    this.speakers.delete(node);
    proc.child.kill(signal);
    return proc.exited;
  }

  /** The node's speaker's Prometheus text, read inside its namespace. */
  async metrics(node: string): Promise<string> {
    const script = `fetch('http://127.0.0.1:${METRICS_PORT}/metrics').then((r) => r.text()).then((t) => process.stdout.write(t))`;
    return (await this.topo.exec(this.host(node), [process.execPath, '-e', script])).stdout;
  }

  /** The Nodes page's views of every node, built by the dashboard's own code from the API. */
  async nodeViews(): Promise<NodeView[]> {
    const [nodes, leases] = await Promise.all([
      listObjects(this.kube, RESOURCES.nodes),
      listObjects(this.kube, RESOURCES.leases, { namespace: NS }),
    ]);
    const byNode = new Map(leases.items.map((l) => [nodeOfLease(l as KubeLease), l as KubeLease]));
    const views = nodes.items.map((n) => toNodeView(n as KubeNode, byNode.get(n.metadata.name ?? ''), { ips: [], services: [] }, Date.now()));
    return withLanStates(views);
  }

  /** The node's health report from its Lease, or undefined. */
  async health(node: string): Promise<SpeakerHealth | undefined> {
    const lease = await getObject(this.kube, RESOURCES.leases, {
      namespace: NS,
      name: `ironlb-speaker-${node}`,
    });
    const parsed = parseSpeakerHealth(lease?.metadata.annotations);
    return parsed.ok ? parsed.health : undefined;
  }

  /** The report of the running process only (a killed one leaves its last report behind). */
  async currentHealth(node: string): Promise<SpeakerHealth | undefined> {
    const proc = this.speakers.get(node);
    const h = await this.health(node);
    return proc && h && Date.parse(h.startedAt) >= proc.startedAt - 1000 ? h : undefined;
  }

  /** Waits until every listed speaker's current process reports itself live with `live` peers. */
  async waitForMembers(nodes: string[], live = nodes.length, timeoutMs = 90_000): Promise<void> {
    await waitFor(
      `speakers ${nodes.join(', ')} live (${live} members)`,
      async () => {
        const reports = await Promise.all(nodes.map((n) => this.currentHealth(n)));
        const ok = reports.every(
          (h) => h && h.membership.reason === 'normal' && h.membership.liveSpeakers === live,
        );
        return ok ? true : undefined;
      },
      timeoutMs,
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${this.logs()}`);
    });
  }

  /** Nodes whose health report lists `ip` as announced (the report refreshes on every change). */
  async announcersOf(ip: string): Promise<string[]> {
    const out: string[] = [];
    for (const node of this.speakers.keys()) {
      const h = await this.currentHealth(node);
      if (h?.announced.some((a) => a.ip === ip)) out.push(node);
    }
    return out;
  }

  async waitForAnnouncer(ip: string, node: string, timeoutMs = 15_000): Promise<void> {
    await waitFor(
      `${node} alone announcing ${ip}`,
      async () => ((await this.announcersOf(ip)).join() === node ? true : undefined),
      timeoutMs,
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${this.logs()}`);
    });
  }

  /** The last lines of every speaker's output, for failure messages. */
  logs(lines = 15): string {
    return [...this.speakers.values()]
      .map((s) => `--- ${s.node}\n${s.output.slice(-lines).join('\n')}`)
      .join('\n');
  }

  /** Everything the lab made goes: speakers (SIGTERM first), forwarders, namespaces, socket. */
  async destroy(): Promise<void> {
    await Promise.all(
      [...this.speakers.keys()].map((n) =>
        Promise.race([this.stopSpeaker(n), new Promise((r) => setTimeout(r, 5000))]),
      ),
    );
    this.forwarders.forEach((f) => f.kill('SIGKILL'));
    this.forwarders.clear();
    await this.topo.destroy();
    this.bridge.close();
    rmSync(this.socketPath, { force: true });
    await this.cluster.close();
  }
}

const ranker = hashRanker(sha256);

/** lib/election's winner for an IP among live nodes (all selected, Cluster policy, endpoints everywhere). */
export function electedFor(ip: string, live: string[]): string {
  const nodes = live.map((name) => ({ name, labels: {}, networkUnavailable: false, speakerLive: true }));
  const e = electAnnouncer(
    { nodes, service: serviceInfo({ ips: [ip], endpointNodes: live }), advertisements: [advertisement()] },
    ranker,
  );
  if (!e.elected) throw new Error(e.detail);
  return e.winner;
}

function speakerKubeconfig(token: string): string {
  // Plain HTTP to the forwarder: client-node then wants insecure-skip-tls-verify (FIELD-NOTES).
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'lab', cluster: { server: `http://127.0.0.1:${API_PORT}`, 'insecure-skip-tls-verify': true } },
    ],
    users: [{ name: 'lab', user: { token } }],
    contexts: [{ name: 'lab', context: { cluster: 'lab', user: 'lab' } }],
    'current-context': 'lab',
  });
}

/** Adds a second link `eth1` (own MAC) from the bridge into a node: for interface selection. */
export async function addSecondLink(topo: Topology, host: Host, mac: string): Promise<void> {
  const port = `q${host.mac.slice(-2)}`;
  await run([
    'ip',
    '-n',
    topo.bridgeNetns,
    'link',
    'add',
    port,
    'type',
    'veth',
    'peer',
    'name',
    'eth1',
    'address',
    mac,
    'netns',
    host.netns,
  ]);
  await run(['ip', '-n', topo.bridgeNetns, 'link', 'set', port, 'master', 'br0', 'up']);
  await run(['ip', '-n', host.netns, 'link', 'set', 'eth1', 'up']);
}

/** A process watching the client's neighbour table (`ip monitor neigh`): resolves on the first line matching. */
export function watchNeighbor(
  topo: Topology,
  of: Host,
  ip: string,
  mac: string,
): { done: Promise<number>; stop: () => void } {
  const child = spawn('ip', ['-n', of.netns, 'monitor', 'neigh'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let buffered = '';
  const done = new Promise<number>((resolveDone) => {
    child.stdout.on('data', (b: Buffer) => {
      const at = performance.now();
      buffered += b.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      if (
        lines.some((l) => l.startsWith(`${ip} `) && l.includes(`lladdr ${mac}`) && !l.startsWith('Deleted'))
      )
        resolveDone(at);
    });
  });
  return { done, stop: () => child.kill('SIGKILL') };
}
