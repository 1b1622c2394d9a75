// ARP reply latency (issue 5): arping median to a VIP answered by the speaker (AF_PACKET addon +
// announcer in Node) over arping median to the node's own address answered by the kernel, same
// topology, same run, samples interleaved so load noise hits both alike. Goal: ratio <= 1.5.
import { loadavg } from 'node:os';
import { SpeakerAgent } from '../netns/support/agent-client';
import { createTopology, type Host, type Topology } from '../netns/support/topology';

const VIP = '203.0.113.10';
const WARMUP = 10;
const SAMPLES = 40;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** One broadcast request, one reply: arping's own send-to-receive time in ms. */
async function sampleArping(topo: Topology, ip: string, expectMac: string): Promise<number> {
  const replies = await topo.arping(topo.client, ip, { count: 1, deadlineS: 1 });
  const reply = replies.find((r) => r.mac === expectMac);
  if (!reply) throw new Error(`no ARP reply from ${expectMac} for ${ip}: got ${JSON.stringify(replies)}`);
  return reply.ms;
}

async function measure(topo: Topology, node: Host): Promise<{ speaker: number[]; kernel: number[] }> {
  const speaker: number[] = [];
  const kernel: number[] = [];
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const s = await sampleArping(topo, VIP, node.mac);
    const k = await sampleArping(topo, node.ipv4, node.mac);
    if (i >= WARMUP) {
      speaker.push(s);
      kernel.push(k);
    }
  }
  return { speaker, kernel };
}

export default async function bench(): Promise<{ title: string; rows: { name: string; value: number; unit: string; goal?: string }[] }> {
  const topo = await createTopology({ nodes: 1 });
  let agent: SpeakerAgent | undefined;
  try {
    const [node] = topo.nodes;
    await topo.addVip(node, VIP);
    const started = await SpeakerAgent.start(topo, node);
    agent = started.agent;
    if (started.first.event !== 'ready') throw new Error(`speaker agent failed: ${JSON.stringify(started.first)}`);
    await agent.announce(VIP);
    const loadBefore = loadavg()[0];
    const { speaker, kernel } = await measure(topo, node);
    const ratio = median(speaker) / median(kernel);
    return {
      title: 'ARP reply latency (speaker vs kernel, netns + bridge)',
      rows: [
        { name: `arping median, VIP answered by the speaker (${SAMPLES} samples)`, value: round3(median(speaker)), unit: 'ms' },
        { name: `arping median, node address answered by the kernel (${SAMPLES} samples)`, value: round3(median(kernel)), unit: 'ms' },
        { name: 'arping p90, speaker', value: round3(percentile(speaker, 0.9)), unit: 'ms' },
        { name: 'arping p90, kernel', value: round3(percentile(kernel, 0.9)), unit: 'ms' },
        { name: 'ARP reply latency ratio (speaker median / kernel median)', value: round3(ratio), unit: 'x', goal: '≤ 1.5' },
        // The kernel answers inside the sender's softirq; the speaker must be woken and scheduled,
        // so on a busy machine the ratio mostly measures run-queue wait: read it with the load.
        { name: '1-min load average before / after (CPUs: see machine line)', value: round3((loadBefore + loadavg()[0]) / 2), unit: 'load' },
      ],
    };
  } finally {
    await agent?.stop();
    await topo.destroy();
  }
}
