import { describe, expect, it } from 'vitest';
import { applyEventFact, readServiceEvent } from './events';

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

describe('applyEventFact', () => {
  const base = { key: 'shop/web', uid: 'u', ips: [] as string[], pool: null, node: null, state: 'pending', reasonCode: 'waitingForController', reason: '', ipsAnnounced: false };
  const poolOf = () => 'my-ip-space';
  it('an assignment gives the IPs and their pool; an announcement then names the node', () => {
    const assigned = applyEventFact(base, { kind: 'assigned', ips: ['10.20.13.16'] }, poolOf);
    expect(assigned).toMatchObject({ ips: ['10.20.13.16'], pool: 'my-ip-space', node: null });
    expect(applyEventFact(assigned, { kind: 'announcing', node: 'node02' }, poolOf)).toMatchObject({ node: 'node02', state: 'announced' });
  });

  it('an announcement without an IP, or a failure with one, changes nothing', () => {
    expect(applyEventFact(base, { kind: 'announcing', node: 'node02' }, poolOf)).toBe(base);
    const held = { ...base, ips: ['10.20.13.16'] };
    expect(applyEventFact(held, { kind: 'failed', reason: 'pool my-ip-space is full' }, poolOf)).toBe(held);
  });
});
