import { describe, expect, it } from 'vitest';
import { describePoolChange, diffService, type TrackedService } from './diff';

const base: TrackedService = {
  key: 'default/web',
  uid: 'u1',
  ips: ['10.20.13.15'],
  pool: 'my-ip-space',
  node: 'node01',
  state: 'announced',
  reasonCode: 'announced',
  reason: 'announced by node01',
  ipsAnnounced: true,
};
const at = (over: Partial<TrackedService>): TrackedService => ({ ...base, ...over });
const kinds = (prev: TrackedService | undefined, next: TrackedService | undefined) => diffService(prev, next).drafts.map((d) => [d.kind, d.ip, d.previousNode, d.node, d.needsCause ?? false]);

describe('diffService', () => {
  it.each([
    { name: 'a new announced service: IP assigned, first announcer (no cause)', prev: undefined, next: at({}), want: [['ipAssigned', '10.20.13.15', null, null, false], ['announcerChanged', '10.20.13.15', null, 'node01', false]] },
    { name: 'a new service still waiting for the controller: nothing yet', prev: undefined, next: at({ ips: [], node: null, state: 'pending', reasonCode: 'waitingForController' }), want: [] },
    { name: 'a pool that is full: pending with its reason', prev: undefined, next: at({ ips: [], node: null, state: 'pending', reasonCode: 'allocationFailed', reason: 'pool my-ip-space is full' }), want: [['pending', null, null, null, false]] },
    { name: 'the announcer moved: a failover that needs a cause', prev: at({}), next: at({ node: 'node02' }), want: [['announcerChanged', '10.20.13.15', 'node01', 'node02', true]] },
    { name: 'the IP got its first announcer a moment after assignment', prev: at({ node: null, ipsAnnounced: false, state: 'notAnnounced' }), next: at({}), want: [['announcerChanged', '10.20.13.15', null, 'node01', false]] },
    { name: 'announced again after nobody did: a change with a cause', prev: at({ node: null, state: 'notAnnounced' }), next: at({ node: 'node03' }), want: [['announcerChanged', '10.20.13.15', null, 'node03', true]] },
    { name: 'the IP changed: released, assigned, first announcer of the new one', prev: at({}), next: at({ ips: ['10.20.13.16'], node: 'node02' }), want: [['ipReleased', '10.20.13.15', null, 'node01', false], ['ipAssigned', '10.20.13.16', null, null, false], ['announcerChanged', '10.20.13.16', null, 'node02', false]] },
    { name: 'deleted: its IP released', prev: at({}), next: undefined, want: [['ipReleased', '10.20.13.15', null, 'node01', false]] },
    { name: 're-created under the same name: released, then assigned again', prev: at({}), next: at({ uid: 'u2' }), want: [['ipReleased', '10.20.13.15', null, 'node01', false], ['ipAssigned', '10.20.13.15', null, null, false], ['announcerChanged', '10.20.13.15', null, 'node01', false]] },
    { name: 'a foreign MAC answers: conflict', prev: at({}), next: at({ state: 'conflict', reasonCode: 'foreignMAC', reason: 'a foreign MAC 02:aa:00:00:00:01 answers for 10.20.13.15' }), want: [['conflict', '10.20.13.15', null, 'node01', false]] },
    { name: 'two announcers for a moment during a handover: no conflict entry', prev: at({}), next: at({ state: 'conflict', reasonCode: 'twoAnnouncers', reason: 'two announcers' }), want: [] },
    { name: 'nothing the ledger keeps changed', prev: at({}), next: at({ reason: 'announced by node01 (again)' }), want: [] },
  ])('$name', ({ prev, next, want }) => {
    expect(kinds(prev, next)).toEqual(want);
  });

  it('remembers that the IPs were announced, and forgets it when they change', () => {
    expect(diffService(at({ node: null, ipsAnnounced: false }), at({})).tracked?.ipsAnnounced).toBe(true);
    expect(diffService(at({}), at({ ips: ['10.20.13.16'], node: null })).tracked?.ipsAnnounced).toBe(false);
  });
});

describe('describePoolChange', () => {
  const spec = { addresses: ['10.20.13.15-10.20.13.20'], autoAssign: true, avoidBuggyIPs: false, allocation: '' };
  it.each([
    { before: null, after: spec, words: 'created: 10.20.13.15-10.20.13.20' },
    { before: spec, after: null, words: 'deleted (was 10.20.13.15-10.20.13.20)' },
    { before: spec, after: { ...spec, addresses: ['10.20.13.0/28'], autoAssign: false }, words: 'edited: addresses 10.20.13.15-10.20.13.20 → 10.20.13.0/28; autoAssign true → false' },
    { before: spec, after: spec, words: null },
  ])('$words', ({ before, after, words }) => {
    expect(describePoolChange(before, after)).toBe(words);
  });
});
