import { describe, expect, it } from 'vitest';
import { classifyAnnouncerChange, type AnnouncerChange, type NodeSnapshot, type ServiceSnapshot } from './cause';
import type { FailoverCause } from './types';

const node = (over: Partial<NodeSnapshot> = {}): NodeSnapshot => ({
  exists: true,
  excluded: false,
  networkUnavailable: false,
  labels: 'zone=a',
  speaker: 'live',
  stops: 0,
  expiries: 0,
  starts: 1,
  ...over,
});
const svc = (over: Partial<ServiceSnapshot> = {}): ServiceSnapshot => ({
  trafficPolicy: 'Cluster',
  endpointNodes: ['node01', 'node02'],
  serving: true,
  selector: 'app=web',
  config: 3,
  ...over,
});

/** node01 announced; now node02 does. Only the named facts differ between before and after. */
function change(over: Partial<AnnouncerChange>): AnnouncerChange {
  return {
    from: 'node01',
    to: 'node02',
    fromBefore: node(),
    fromAfter: node(),
    toBefore: node(),
    toAfter: node(),
    serviceBefore: svc(),
    serviceAfter: svc(),
    ...over,
  };
}

const cases: { name: string; change: AnnouncerChange; cause: FailoverCause; words: RegExp }[] = [
  { name: 'the previous node was deleted', change: change({ fromAfter: undefined }), cause: 'nodeGone', words: /node node01 was deleted/ },
  { name: 'the previous node is gone from the cluster', change: change({ fromAfter: node({ exists: false, speaker: 'absent', stops: 1 }) }), cause: 'nodeGone', words: /deleted/ },
  { name: 'the previous node reports NetworkUnavailable', change: change({ fromAfter: node({ networkUnavailable: true }) }), cause: 'nodeGone', words: /NetworkUnavailable/ },
  { name: 'the previous node was labelled excluded', change: change({ fromAfter: node({ excluded: true }) }), cause: 'excluded', words: /excluded/ },
  { name: "the previous node's speaker deleted its Lease (SIGTERM)", change: change({ fromAfter: node({ speaker: 'absent', stops: 1 }) }), cause: 'gracefulHandover', words: /stopped cleanly/ },
  { name: 'a clean restart: stopped, and already back by the time the IP moved', change: change({ fromAfter: node({ stops: 1, starts: 2 }) }), cause: 'gracefulHandover', words: /stopped cleanly/ },
  { name: "the previous node's Lease expired (kill -9)", change: change({ fromAfter: node({ speaker: 'down', expiries: 1 }) }), cause: 'nodeGone', words: /went silent/ },
  { name: 'a crash the speaker came back from', change: change({ fromAfter: node({ expiries: 1, starts: 2 }) }), cause: 'nodeGone', words: /went silent/ },
  { name: 'the last serving endpoint went away', change: change({ to: null, toBefore: undefined, toAfter: undefined, serviceAfter: svc({ endpointNodes: [], serving: false }) }), cause: 'endpointsMoved', words: /no serving endpoint/ },
  { name: 'endpoints came back after none', change: change({ from: null, fromBefore: undefined, fromAfter: undefined, serviceBefore: svc({ endpointNodes: [], serving: false }) }), cause: 'endpointsMoved', words: /serving endpoints again/ },
  {
    name: 'Local policy: the endpoint left the announcing node',
    change: change({ serviceBefore: svc({ trafficPolicy: 'Local', endpointNodes: ['node01'] }), serviceAfter: svc({ trafficPolicy: 'Local', endpointNodes: ['node02'] }) }),
    cause: 'endpointsMoved',
    words: /no serving endpoint left on node01/,
  },
  { name: 'Cluster -> Local policy', change: change({ serviceAfter: svc({ trafficPolicy: 'Local', endpointNodes: ['node02'] }) }), cause: 'selectorOrPolicy', words: /externalTrafficPolicy changed from Cluster to Local/ },
  { name: 'an L2Advertisement or pool changed', change: change({ serviceAfter: svc({ config: 4 }) }), cause: 'selectorOrPolicy', words: /L2Advertisement/ },
  { name: "the service's labels changed (serviceSelectors)", change: change({ serviceAfter: svc({ selector: 'app=web,tier=edge' }) }), cause: 'selectorOrPolicy', words: /labels or annotations/ },
  { name: "the previous node's labels changed (nodeSelectors)", change: change({ fromAfter: node({ labels: 'zone=b' }) }), cause: 'selectorOrPolicy', words: /node01's labels changed/ },
  { name: 'the new node lost its exclusion label', change: change({ toBefore: node({ excluded: true }) }), cause: 'excluded', words: /no longer excluded/ },
  { name: "the new node's speaker came back and ranks first", change: change({ toBefore: node({ speaker: 'absent', stops: 1 }), toAfter: node({ stops: 1, starts: 2 }) }), cause: 'speakerRestart', words: /\(re\)started/ },
  { name: 'a new node joined', change: change({ toBefore: undefined }), cause: 'speakerRestart', words: /joined/ },
  { name: 'nothing explains it', change: change({}), cause: 'unknown', words: /nothing seen/ },
  { name: "the previous node's cause wins over the new node's", change: change({ fromAfter: node({ excluded: true }), toBefore: node({ speaker: 'absent' }) }), cause: 'excluded', words: /node01/ },
];

describe('classifyAnnouncerChange', () => {
  it.each(cases)('$name: $cause', ({ change: c, cause, words }) => {
    const v = classifyAnnouncerChange(c);
    expect(v.cause).toBe(cause);
    expect(v.detail).toMatch(words);
  });
});
