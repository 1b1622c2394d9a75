// Speaker reconcile: (verdicts for this node, what it announces and has written) -> actions.
// Level-based and pure; server/speaker/speaker.ts is the one module that carries them out.
import { serviceKeyOf, type InterfaceSpec, type ServiceVerdict } from './speaker-election';

/** A ServiceL2Status this node wrote earlier (selected by label metallb.io/node=<self>). */
export interface OwnStatus {
  name: string;
  serviceNamespace: string;
  serviceName: string;
  interfaces: readonly string[];
}

/** A ServiceL2Status another node wrote. */
export interface OtherStatus extends OwnStatus {
  node: string;
}

export interface SpeakerObserved {
  /** IP -> interfaces it is announced on right now. */
  announced: ReadonlyMap<string, readonly string[]>;
  statuses: readonly OwnStatus[];
  /**
   * Statuses other nodes wrote. The winner for a service deletes them, as MetalLB's does: a node
   * that lost the service deletes its own, but a node that is gone (crashed, deleted) cannot.
   */
  otherStatuses: readonly OtherStatus[];
  /** Services announced after the previous pass: a service new here gets a nodeAssigned event. */
  announcedServices: ReadonlySet<string>;
  /** Service -> the announce problem already reported, so it is reported once per change. */
  problems: ReadonlyMap<string, string>;
}

export interface ServiceRef {
  namespace: string;
  name: string;
}

export type SpeakerAction =
  | { type: 'announce'; ip: string; interfaces: string[]; services: string[] }
  | { type: 'withdraw'; ip: string; reason: string }
  | { type: 'createStatus'; service: ServiceRef; interfaces: string[] }
  | { type: 'updateStatus'; name: string; service: ServiceRef; interfaces: string[] }
  | { type: 'deleteStatus'; name: string; reason: string }
  | { type: 'event'; service: ServiceRef; eventType: 'Normal' | 'Warning'; reason: string; message: string };

export interface SpeakerPlan {
  actions: SpeakerAction[];
  /** Feed back as observed.announcedServices / observed.problems on the next pass. */
  announcedServices: Set<string>;
  problems: Map<string, string>;
}

interface Placement {
  ref: ServiceRef;
  ips: readonly string[];
  interfaces: string[];
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Interface names for a spec on this node, plus the named ones that do not exist here. */
export function resolveInterfaces(
  spec: InterfaceSpec,
  available: readonly string[],
): { names: string[]; missing: string[] } {
  if (spec.all) return { names: [...available].sort(), missing: [] };
  const have = new Set(available);
  return { names: spec.names.filter((n) => have.has(n)), missing: spec.names.filter((n) => !have.has(n)) };
}

export const nodeAssignedMessage = (node: string): string =>
  `announcing from node "${node}" with protocol "layer2"`;

function describeProblem(
  node: string,
  spec: InterfaceSpec,
  missing: string[],
  names: string[],
): string | null {
  if (missing.length > 0) {
    const list = missing.map((m) => `"${m}"`).join(', ');
    return `interface ${list} named by the L2Advertisement does not exist or is not eligible on node "${node}"`;
  }
  if (names.length === 0) return spec.all ? `node "${node}" has no eligible interface to announce on` : null;
  return null;
}

/** Services this node announces, with their resolved interfaces; problems collected as found. */
function placeServices(
  node: string,
  verdicts: readonly ServiceVerdict[],
  available: readonly string[],
  problems: Map<string, string>,
): Placement[] {
  const placements: Placement[] = [];
  for (const v of verdicts) {
    if (!v.decision.announce) continue;
    const { names, missing } = resolveInterfaces(v.interfaces, available);
    const problem = describeProblem(node, v.interfaces, missing, names);
    if (problem) problems.set(v.key, problem);
    if (names.length === 0) continue;
    placements.push({
      ref: { namespace: v.service.namespace, name: v.service.name },
      ips: v.service.ips,
      interfaces: names,
    });
  }
  return placements;
}

function planWire(
  placements: readonly Placement[],
  announced: SpeakerObserved['announced'],
): SpeakerAction[] {
  const wanted = new Map<string, { interfaces: Set<string>; services: string[] }>();
  for (const p of placements) {
    for (const ip of p.ips) {
      const entry = wanted.get(ip) ?? { interfaces: new Set<string>(), services: [] };
      for (const i of p.interfaces) entry.interfaces.add(i);
      entry.services.push(serviceKeyOf(p.ref));
      wanted.set(ip, entry);
    }
  }
  const actions: SpeakerAction[] = [];
  for (const ip of announced.keys()) {
    if (!wanted.has(ip))
      actions.push({ type: 'withdraw', ip, reason: 'no service this node announces holds the IP' });
  }
  for (const [ip, entry] of wanted) {
    const interfaces = [...entry.interfaces].sort();
    const current = announced.get(ip);
    if (!current || !sameList([...current].sort(), interfaces)) {
      actions.push({ type: 'announce', ip, interfaces, services: entry.services.sort() });
    }
  }
  return actions;
}

function planStatuses(placements: readonly Placement[], statuses: readonly OwnStatus[], others: readonly OtherStatus[]): SpeakerAction[] {
  const byService = new Map<string, OwnStatus[]>();
  for (const s of [...statuses].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const key = `${s.serviceNamespace}/${s.serviceName}`;
    const list = byService.get(key);
    if (list) list.push(s);
    else byService.set(key, [s]);
  }
  const actions: SpeakerAction[] = [];
  const kept = new Set<string>();
  const placed = new Set<string>();
  for (const p of placements) {
    const key = serviceKeyOf(p.ref);
    placed.add(key);
    const [first] = byService.get(key) ?? [];
    if (!first) actions.push({ type: 'createStatus', service: p.ref, interfaces: p.interfaces });
    else {
      kept.add(first.name);
      if (!sameList(first.interfaces, p.interfaces)) {
        actions.push({ type: 'updateStatus', name: first.name, service: p.ref, interfaces: p.interfaces });
      }
    }
  }
  for (const s of statuses) {
    if (kept.has(s.name)) continue;
    const reason = placed.has(`${s.serviceNamespace}/${s.serviceName}`)
      ? 'duplicate status for a service this node announces'
      : 'this node no longer announces the service';
    actions.push({ type: 'deleteStatus', name: s.name, reason });
  }
  for (const s of others) {
    if (!placed.has(`${s.serviceNamespace}/${s.serviceName}`)) continue;
    actions.push({ type: 'deleteStatus', name: s.name, reason: `left by node ${s.node}; this node announces the service` });
  }
  return actions;
}

function planEvents(
  node: string,
  placements: readonly Placement[],
  verdicts: readonly ServiceVerdict[],
  observed: SpeakerObserved,
  problems: ReadonlyMap<string, string>,
): SpeakerAction[] {
  const actions: SpeakerAction[] = [];
  for (const p of placements) {
    if (observed.announcedServices.has(serviceKeyOf(p.ref))) continue;
    actions.push({
      type: 'event',
      service: p.ref,
      eventType: 'Normal',
      reason: 'nodeAssigned',
      message: nodeAssignedMessage(node),
    });
  }
  for (const v of verdicts) {
    const problem = problems.get(v.key);
    if (!problem || observed.problems.get(v.key) === problem) continue;
    const ref = { namespace: v.service.namespace, name: v.service.name };
    actions.push({
      type: 'event',
      service: ref,
      eventType: 'Warning',
      reason: 'announceFailed',
      message: problem,
    });
  }
  return actions;
}

/**
 * Only the announce/withdraw actions a pass would take: what the periodic audit
 * (speaker-audit.ts) compares with the wire. Empty when the wire matches the verdicts.
 */
export function planWireActions(
  node: string,
  verdicts: readonly ServiceVerdict[],
  availableInterfaces: readonly string[],
  announced: SpeakerObserved['announced'],
): SpeakerAction[] {
  return planWire(placeServices(node, verdicts, availableInterfaces, new Map()), announced);
}

/**
 * The actions that make the wire, the ServiceL2Status objects and the events match the
 * verdicts: withdraw before announce, then status writes, then events.
 */
export function planSpeakerActions(
  node: string,
  verdicts: readonly ServiceVerdict[],
  availableInterfaces: readonly string[],
  observed: SpeakerObserved,
): SpeakerPlan {
  const problems = new Map<string, string>();
  const placements = placeServices(node, verdicts, availableInterfaces, problems);
  const actions = [
    ...planWire(placements, observed.announced),
    ...planStatuses(placements, observed.statuses, observed.otherStatuses),
    ...planEvents(node, placements, verdicts, observed, problems),
  ];
  return { actions, announcedServices: new Set(placements.map((p) => serviceKeyOf(p.ref))), problems };
}
