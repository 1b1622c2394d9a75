// Test-side handle on a speaker-agent process in a namespace: send commands, await events.
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Host, Topology } from './topology';
import type { AgentCommand } from './speaker-agent';

export type AgentEvent = { event: string; [key: string]: unknown };

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const AGENT = fileURLToPath(new URL('./speaker-agent.ts', import.meta.url));

export class SpeakerAgent {
  readonly events: AgentEvent[] = [];
  private readonly waiters = new Set<{ match: (e: AgentEvent) => boolean; resolve: (e: AgentEvent) => void }>();
  private nextId = 1;
  stderr = '';

  private constructor(readonly host: Host, private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const e = JSON.parse(line) as AgentEvent;
      this.events.push(e);
      for (const w of [...this.waiters]) if (w.match(e)) { this.waiters.delete(w); w.resolve(e); }
    });
    child.stderr!.on('data', (d) => (this.stderr += String(d)));
  }

  /**
   * Starts the agent in `host`'s namespace on `ifname`; resolves on 'ready' or 'fatal'.
   * `wrap` prefixes the command (e.g. setpriv to drop CAP_NET_RAW).
   */
  static async start(topo: Topology, host: Host, opts: { ifname?: string; wrap?: string[] } = {}): Promise<{ agent: SpeakerAgent; first: AgentEvent }> {
    const argv = [...(opts.wrap ?? []), process.execPath, '--import', 'tsx', AGENT, '--if', opts.ifname ?? host.ifname];
    const agent = new SpeakerAgent(host, topo.spawn(host, argv, { cwd: REPO_ROOT }));
    const first = await agent.waitFor((e) => e.event === 'ready' || e.event === 'fatal', 20_000);
    return { agent, first };
  }

  waitFor(match: (e: AgentEvent) => boolean, timeoutMs = 5000): Promise<AgentEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const w = { match, resolve };
      this.waiters.add(w);
      setTimeout(() => {
        if (!this.waiters.delete(w)) return;
        reject(new Error(`agent on ${this.host.name}: no matching event within ${timeoutMs} ms; events ${JSON.stringify(this.events)}; stderr ${this.stderr}`));
      }, timeoutMs);
    });
  }

  async command(cmd: AgentCommand): Promise<unknown> {
    const id = this.nextId++;
    this.child.stdin!.write(`${JSON.stringify({ ...cmd, id })}\n`);
    const ack = await this.waitFor((e) => e.event === 'ack' && e.id === id);
    return ack.result;
  }

  announce(ip: string): Promise<unknown> {
    return this.command({ op: 'announce', ip });
  }

  withdraw(ip: string): Promise<unknown> {
    return this.command({ op: 'withdraw', ip });
  }

  /** Asks the agent to go quiet and exit; kills it if it does not within 3 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.stdin!.write(`${JSON.stringify({ op: 'exit', id: 0 })}\n`);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
}
