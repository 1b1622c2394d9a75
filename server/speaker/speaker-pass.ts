// One reconcile pass of a speaker: inputs -> lib/election verdicts -> lib/reconcile actions, and
// the one place those actions are carried out. The wire changes synchronously (failover speed);
// ServiceL2Status writes and events go out asynchronously, one write per key at a time.
import type { RankingCache } from '../../lib/election';
import {
  planSpeakerActions,
  type SpeakerAction,
  type SpeakerObserved,
} from '../../lib/reconcile/speaker-actions';
import {
  createOrderMemo,
  decideAllServices,
  type BlockedMemo,
  type OrderMemo,
  type ServiceVerdict,
  type SpeakerView,
} from '../../lib/reconcile/speaker-election';
import type { MembershipReason } from '../../lib/reconcile/speaker-membership';
import { describeError, isNotFound, type EventRecorder, type KubeObject, type Logger } from '../kube';
import type { InterfaceSet } from './interface-set';
import type { L2StatusWriter } from './l2-status';
import type { SpeakerModel } from './speaker-model';

export interface PassDeps {
  node: string;
  model: SpeakerModel;
  ranking: RankingCache;
  links: InterfaceSet;
  statuses: L2StatusWriter;
  statusObjects: () => KubeObject[];
  events: EventRecorder;
  logger: Logger;
  now: () => number;
  /** A write finished or was skipped: run another pass. */
  schedule: (urgent: boolean) => void;
  noteError: (message: string) => void;
  /** Winner -> MAC on a given interface name, from that node's health report. */
  macOf: (node: string, ifname: string) => string | undefined;
  /** Blocked services' verdicts, kept between passes (shared by speakers on one model). */
  blocked?: BlockedMemo;
}

/** Who is live as this speaker sees it (heartbeat/lan-membership.ts). */
export interface PassMembership {
  live: ReadonlySet<string>;
  reason: MembershipReason;
  liveOn?: SpeakerView['liveOn'];
}

export interface PassState {
  verdicts: ServiceVerdict[];
  announcedServices: Set<string>;
  problems: Map<string, string>;
  /** IP -> services this node announces it for. */
  servicesOfIp: Map<string, string[]>;
  /** IP -> node answering it (us or another), and since when (local ms). */
  owners: Map<string, { node: string; since: number }>;
  /** Status keys with a write in flight, and those skipped because of it. */
  inflight: Set<string>;
  skipped: Set<string>;
  rankedNodes: string;
  orders: OrderMemo;
}

export const emptyPassState = (): PassState => ({
  verdicts: [],
  announcedServices: new Set(),
  problems: new Map(),
  servicesOfIp: new Map(),
  owners: new Map(),
  inflight: new Set(),
  skipped: new Set(),
  rankedNodes: '',
  orders: createOrderMemo(),
});

function syncRanking(deps: PassDeps, state: PassState, nodes: readonly { name: string }[]): void {
  const names = nodes.map((n) => n.name).sort();
  const key = names.join('\u0000');
  if (key === state.rankedNodes) return;
  deps.ranking.setNodes(names); // hashes only nodes new to the cache
  state.rankedNodes = key;
}

/** Keeps the conflict detector told who should answer each IP, and since when. */
function trackOwners(deps: PassDeps, state: PassState, verdicts: readonly ServiceVerdict[]): void {
  const seen = new Set<string>();
  for (const v of verdicts) {
    const d = v.decision;
    const owner = d.announce ? deps.node : d.reason === 'notOwner' ? d.winner : null;
    if (!owner) continue;
    for (const ip of v.service.ips) {
      seen.add(ip);
      const prev = state.owners.get(ip);
      if (prev?.node === owner) continue;
      state.owners.set(ip, { node: owner, since: deps.now() });
      if (owner === deps.node) deps.links.setElectedMac(ip, null);
      else deps.links.setElectedMac(ip, (ifname) => deps.macOf(owner, ifname));
    }
  }
  for (const ip of [...state.owners.keys()]) {
    if (seen.has(ip)) continue;
    state.owners.delete(ip);
    deps.links.setElectedMac(ip, null);
    deps.ranking.forgetIP(ip);
  }
}

function runStatusWrite(deps: PassDeps, state: PassState, key: string, write: () => Promise<void>): void {
  if (state.inflight.has(key)) {
    state.skipped.add(key);
    return;
  }
  state.inflight.add(key);
  write()
    .catch((e: unknown) => {
      const message = `ServiceL2Status ${key}: ${describeError(e)}`;
      if (isNotFound(e)) {
        // Another node deleted it between our create and our status write, or before our update:
        // a takeover it saw a moment before we did. Not a fault; the next pass writes afresh.
        deps.logger.debug({ op: 'speaker.status', key, err: message }, 'status object gone before our write; retrying');
      } else {
        deps.logger.warn({ op: 'speaker.status', key, err: message }, 'status write failed');
        deps.noteError(message);
      }
      state.skipped.add(key); // retry on the next pass
    })
    .finally(() => {
      state.inflight.delete(key);
      if (state.skipped.delete(key)) deps.schedule(false);
    });
}

function executeAction(deps: PassDeps, state: PassState, a: SpeakerAction): void {
  const ref = (s: { namespace: string; name: string }) => `${s.namespace}/${s.name}`;
  switch (a.type) {
    case 'withdraw':
      deps.links.withdraw(a.ip);
      deps.logger.info({ op: 'speaker.withdraw', key: a.ip, reason: a.reason }, 'stopped announcing');
      return;
    case 'announce':
      deps.links.place(a.ip, a.interfaces);
      deps.logger.info(
        { op: 'speaker.announce', key: a.ip, interfaces: a.interfaces, services: a.services },
        'announcing',
      );
      return;
    case 'createStatus':
      return runStatusWrite(deps, state, ref(a.service), () => deps.statuses.create(a.service, a.interfaces));
    case 'updateStatus':
      return runStatusWrite(deps, state, ref(a.service), () =>
        deps.statuses.update(a.name, a.service, a.interfaces),
      );
    case 'deleteStatus':
      return runStatusWrite(deps, state, `status:${a.name}`, () => deps.statuses.remove(a.name));
    case 'event': {
      const svc = deps.model.service(ref(a.service));
      const involved = svc ?? {
        apiVersion: 'v1',
        kind: 'Service',
        namespace: a.service.namespace,
        name: a.service.name,
      };
      void deps.events.record(involved, a.eventType, a.reason, a.message);
      return;
    }
  }
}

/** One pass; returns the new state (mutated in place for the in-flight bookkeeping). */
export function runPass(deps: PassDeps, state: PassState, membership: PassMembership): PassState {
  const view = deps.model.view(deps.node, (n) => membership.live.has(n), membership.liveOn);
  syncRanking(deps, state, view.nodes);
  const verdicts = decideAllServices(view, deps.ranking, state.orders, deps.blocked);
  const statusObjects = deps.statusObjects();
  const observed: SpeakerObserved = {
    announced: deps.links.announced(),
    statuses: deps.statuses.list(statusObjects),
    otherStatuses: deps.statuses.others(statusObjects),
    announcedServices: state.announcedServices,
    problems: state.problems,
  };
  const plan = planSpeakerActions(deps.node, verdicts, deps.links.names(), observed);
  // Until we have listened on the LAN we announce nothing, but leave statuses and events alone:
  // a restarting speaker must not delete what it will write again a moment later.
  const quietStart = membership.reason === 'starting';
  for (const action of plan.actions) {
    const isWire = action.type === 'announce' || action.type === 'withdraw';
    if (isWire || !quietStart) executeAction(deps, state, action);
  }
  trackOwners(deps, state, verdicts);
  const servicesOfIp = new Map<string, string[]>();
  for (const v of verdicts) {
    if (!v.decision.announce) continue;
    for (const ip of v.service.ips) servicesOfIp.set(ip, [...(servicesOfIp.get(ip) ?? []), v.key]);
  }
  return {
    ...state,
    verdicts,
    servicesOfIp,
    announcedServices: quietStart ? state.announcedServices : plan.announcedServices,
    problems: quietStart ? state.problems : plan.problems,
  };
}
