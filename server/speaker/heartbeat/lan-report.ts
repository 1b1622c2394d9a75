// The LAN part of the health report (lib/reconcile/speaker-health `lan`): what this speaker sends
// and hears on each interface, and the frames it refused.
import type { SpeakerLanReport } from '../../../lib/reconcile/speaker-health';
import type { KeyRing } from './key-ring';
import type { LanMembership } from './lan-membership';

export function buildLanReport(
  lan: LanMembership,
  keys: { ring: KeyRing; problem: () => string | null },
  timing: { intervalMs: number; missed: number },
): SpeakerLanReport {
  const rejected: Record<string, number> = {};
  for (const c of lan.counters().values()) for (const [reason, n] of c.rejected) rejected[reason] = (rejected[reason] ?? 0) + n;
  return {
    intervalMs: timing.intervalMs,
    timeoutMs: timing.intervalMs * timing.missed,
    keyId: keys.ring.keyId(),
    problem: keys.problem(),
    interfaces: lan.interfaces().map((i) => ({ ...i, silent: i.silent.map((s) => ({ node: s.node, at: new Date(s.at).toISOString() })) })),
    rejected,
  };
}
