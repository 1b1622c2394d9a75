// What a Kubernetes Event about a Service says for the ledger, read on start to fill in what
// happened while the dashboard was not running (SEMANTICS: IPAllocated, AllocationFailed,
// nodeAssigned messages). Pure.
import { describeAllocationFailure } from '../views/reasons';

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
