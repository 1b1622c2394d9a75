// A tiny speaker for netns tests and the bench, run inside a node namespace with tsx: AF_PACKET
// transport + announcer on one interface, driven by JSON lines on stdin, reporting JSON lines
// on stdout. Usage: node --import tsx test/netns/support/speaker-agent.ts --if eth0
import { createInterface } from 'node:readline';
import { decodeHeartbeat, isHeartbeatFrame } from '../../../lib/packet';
import { Announcer } from '../../../server/speaker/announcer';
import { scanInterfaces } from '../../../server/speaker/interfaces';
import { NeighborProbe, openAfPacketTransport, requestLowLatencyScheduling } from '../../../server/speaker/transport';

export type AgentCommand =
  | { op: 'announce'; ip: string; holder?: string }
  | { op: 'withdraw'; ip: string; holder?: string }
  | { op: 'elect'; ip: string; mac: string | null }
  | { op: 'counters' }
  | { op: 'interfaces' }
  /** Sends raw frames (hex) as they are: forged, truncated or replayed heartbeats. */
  | { op: 'send'; frames: string[] }
  /** The speakers' heartbeats heard lately (hex, newest last, at most 200), decoded but unchecked. */
  | { op: 'heartbeats' }
  /** One broadcast ARP request from `from`, as a router sends it: every MAC that answers it within timeoutMs. */
  | { op: 'resolve'; ip: string; from: string; timeoutMs: number }
  | { op: 'exit' };

export interface CapturedHeartbeat {
  hex: string;
  node: string;
  kind: string;
  seq: number;
  instance: string;
}

const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

function main(): void {
  const ifname = process.argv[process.argv.indexOf('--if') + 1] ?? 'eth0';
  const transport = openAfPacketTransport(ifname);
  if (!transport.ok) {
    emit({ event: 'fatal', ...transport.error });
    process.exit(1);
  }
  // As a real speaker process does at startup (see requestLowLatencyScheduling).
  const scheduling = requestLowLatencyScheduling();
  if (!scheduling.ok) emit({ event: 'warning', ...scheduling.error });
  const controller = new AbortController();
  const announcer = new Announcer({
    transport: transport.value,
    onConflict: (c) => emit({ event: 'conflict', ...c }),
    onError: (e) => emit({ event: 'error', op: e.op, ip: e.ip, code: e.error.code, message: e.error.message }),
  });
  announcer.start(controller.signal);
  const captured: CapturedHeartbeat[] = [];
  transport.value.onFrame((frame) => {
    if (!isHeartbeatFrame(frame)) return;
    const d = decodeHeartbeat(frame);
    if (!d.ok) return;
    const { node, kind, seq, instance } = d.value.heartbeat;
    captured.push({ hex: Buffer.from(frame).toString('hex'), node, kind, seq, instance });
    if (captured.length > 200) captured.shift();
  });
  let probe: NeighborProbe | undefined;
  const handle = async (cmd: AgentCommand): Promise<unknown> => {
    switch (cmd.op) {
      case 'announce': return announcer.announce(cmd.ip, cmd.holder);
      case 'withdraw': return announcer.withdraw(cmd.ip, cmd.holder);
      case 'elect': return announcer.setElectedMac(cmd.ip, cmd.mac);
      case 'counters': return { ips: announcer.ipCounters(), silences: announcer.silenceCounts() };
      case 'interfaces': return scanInterfaces();
      case 'send': return cmd.frames.map((hex) => transport.value.send(Uint8Array.from(Buffer.from(hex, 'hex'))).ok);
      case 'heartbeats': return captured;
      case 'resolve': {
        if (!probe) {
          probe = new NeighborProbe({ transport: transport.value, ipv4: cmd.from });
          probe.start(controller.signal);
        }
        const r = await probe.resolve(cmd.ip, { timeoutMs: cmd.timeoutMs });
        return r.ok ? r.value.answers.map((a) => a.mac) : r.error;
      }
      case 'exit':
        controller.abort();
        transport.value.close();
        return 'bye';
    }
  };
  createInterface({ input: process.stdin }).on('line', (line) => {
    const cmd = JSON.parse(line) as AgentCommand & { id: number };
    void handle(cmd).then((result) => {
      emit({ event: 'ack', id: cmd.id, op: cmd.op, result });
      if (cmd.op === 'exit') process.exit(0);
    });
  });
  emit({ event: 'ready', ifname, mac: transport.value.mac });
}

main();
