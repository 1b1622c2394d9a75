'use client';
// A node's membership on the LAN (issue 14): its state in words, who hears it on each of its
// interfaces, who heard it last and when, what it hears itself, and the heartbeats it refused.
import type { LanState, NodeView } from '@/lib/views';
import { plural } from '@/lib/views';
import { Badge } from '@/components/ui/state-badge';
import { Clock } from '@/components/ui/time';

const GREEN = 'text-emerald-700 dark:text-emerald-400';
const AMBER = 'text-amber-700 dark:text-amber-400';
const RED = 'text-red-700 dark:text-red-400';
const GREY = 'text-zinc-600 dark:text-zinc-400';

export const LAN_LOOK: Record<LanState, { icon: string; word: string; cls: string }> = {
  live: { icon: '●', word: 'heard on the LAN', cls: GREEN },
  silentOnLan: { icon: '✖', word: 'silent on the LAN', cls: RED },
  cutOffFromApi: { icon: '▲', word: 'cut off from the API', cls: AMBER },
  down: { icon: '✖', word: 'not heard', cls: RED },
  unknown: { icon: 'ℹ', word: 'LAN not reported', cls: GREY },
};

const who = (by: { node: string; via: string }[]) => by.map((b) => `${b.node} (${b.via})`).join(', ');

export function NodeLan({ n }: { n: NodeView }) {
  const lan = n.lan;
  const refused = Object.entries(lan.rejected);
  const total = refused.reduce((a, [, k]) => a + k, 0);
  return (
    <div data-testid="node-lan" data-lan={lan.state} className="space-y-1 text-sm">
      <p>
        <Badge look={LAN_LOOK[lan.state]} /> <span className="text-zinc-600 dark:text-zinc-400">{lan.reason}</span>
      </p>
      <ul className="text-xs text-zinc-600 dark:text-zinc-400">
        {lan.heardBy.map((h) => (
          <li key={h.interface} data-testid="lan-heard-by" data-interface={h.interface}>
            <span className="font-mono">{h.interface}</span> heard by {who(h.by)}
          </li>
        ))}
        {lan.silentTo.map((s) => (
          <li key={`${s.node}/${s.via}`} data-testid="lan-silent-to" className={AMBER}>
            last heard by {s.node} ({s.via}) at <Clock iso={s.lastHeardAt} />
          </li>
        ))}
        {lan.hears.map((h) => (
          <li key={h.interface} data-testid="lan-hears" data-interface={h.interface}>
            hears on <span className="font-mono">{h.interface}</span>
            {h.state === 'listening' ? ' (still listening)' : ''}: {h.peers.length > 0 ? h.peers.join(', ') : <span className={lan.hearsNoPeers ? RED : ''}>nobody</span>}
          </li>
        ))}
        {total > 0 && (
          <li data-testid="lan-refused" className={AMBER}>
            refused {plural(total, 'heartbeat')}: {refused.map(([r, k]) => `${r} ${k}`).join(', ')}
          </li>
        )}
      </ul>
    </div>
  );
}
