// What a Kubernetes Event about a Service says for the ledger, read on start to fill in what
// happened while the dashboard was not running (SEMANTICS: IPAllocated, AllocationFailed,
// nodeAssigned messages). Pure.
import { describeAllocationFailure } from '../views/reasons';
import type { TrackedService } from './diff';

export type ServiceEventFact =
  | { kind: 'assigned'; ips: string[] }
  | { kind: 'announcing'; node: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'cleared' };

/** `Assigned IP ["192.0.2.10"]`, `announcing from node "node01" with protocol "layer2"`, ... */
export function readServiceEvent(reason: string | undefined, message: string | undefined): ServiceEventFact | null {
  const text = message ?? '';
  if (reason === 'IPAllocated') {
    const list = /\[(.*)\]/.exec(text)?.[1] ?? '';
    const ips = [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    return ips.length ? { kind: 'assigned', ips } : null;
  }
  if (reason === 'nodeAssigned') {
    const node = /^announcing from node "([^"]+)"/.exec(text)?.[1];
    return node ? { kind: 'announcing', node } : null;
  }
  if (reason === 'AllocationFailed') return { kind: 'failed', reason: describeAllocationFailure(text) };
  if (reason === 'ClearAssignment') return { kind: 'cleared' };
  return null;
}

/** A service's state after what an Event says happened to it. */
export function applyEventFact(base: TrackedService, fact: ServiceEventFact, poolOf: (ip: string) => string | null): TrackedService {
  switch (fact.kind) {
    case 'assigned':
      return { ...base, ips: fact.ips, pool: poolOf(fact.ips[0]) ?? base.pool, state: 'notAnnounced', reasonCode: 'waitingForSpeaker', reason: '' };
    case 'announcing':
      return base.ips.length ? { ...base, node: fact.node, state: 'announced', reasonCode: 'announced', reason: '' } : base;
    case 'failed':
      return base.ips.length ? base : { ...base, state: 'pending', reasonCode: 'allocationFailed', reason: fact.reason };
    case 'cleared':
      return { ...base, ips: [], node: null, state: 'pending', reasonCode: 'waitingForController', reason: '' };
  }
}
