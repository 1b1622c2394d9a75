import { describe, expect, it } from 'vitest';
import { readServiceEvent } from './events';

describe('readServiceEvent', () => {
  it.each([
    { reason: 'IPAllocated', message: 'Assigned IP ["10.20.13.15"]', fact: { kind: 'assigned', ips: ['10.20.13.15'] } },
    { reason: 'IPAllocated', message: 'Assigned IP ["192.0.2.1","2001:db8::1"]', fact: { kind: 'assigned', ips: ['192.0.2.1', '2001:db8::1'] } },
    { reason: 'nodeAssigned', message: 'announcing from node "node02" with protocol "layer2"', fact: { kind: 'announcing', node: 'node02' } },
    { reason: 'AllocationFailed', message: 'Failed to allocate IP for "default/web": no available IPs in pool "my-ip-space"', fact: { kind: 'failed', reason: 'pool my-ip-space is full' } },
    { reason: 'ClearAssignment', message: 'current IP not allowed by config', fact: { kind: 'cleared' } },
    { reason: 'IPAllocated', message: 'garbled', fact: null },
    { reason: 'Scheduled', message: 'anything', fact: null },
  ])('$reason: $message', ({ reason, message, fact }) => {
    expect(readServiceEvent(reason, message)).toEqual(fact);
  });
});
