import { describe, expect, it } from 'vitest';
import { service } from '../election/test-fixtures';
import { planSpeakerActions, type OwnStatus, type SpeakerObserved } from './speaker-actions';
import type { InterfaceSpec, ServiceVerdict } from './speaker-election';

const announcing = (
  name: string,
  ips: string[],
  interfaces: InterfaceSpec = { all: true },
): ServiceVerdict => ({
  key: `default/${name}`,
  service: service({ name, ips }),
  decision: { announce: true, node: 'node-a', ip: ips[0] },
  interfaces,
});
const quiet = (name: string, ips: string[]): ServiceVerdict => ({
  key: `default/${name}`,
  service: service({ name, ips }),
  decision: { announce: false, reason: 'notOwner', winner: 'node-b', detail: '' },
  interfaces: { all: false, names: [] },
});
const status = (name: string, svc: string, interfaces: string[] = ['eth0']): OwnStatus => ({
  name,
  serviceNamespace: 'default',
  serviceName: svc,
  interfaces,
});
const observed = (over: Partial<SpeakerObserved> = {}): SpeakerObserved => ({
  announced: new Map(),
  statuses: [],
  otherStatuses: [],
  announcedServices: new Set(),
  problems: new Map(),
  ...over,
});

describe('planSpeakerActions', () => {
  const cases: {
    desc: string;
    verdicts: ServiceVerdict[];
    obs: SpeakerObserved;
    ifaces?: string[];
    want: unknown[];
  }[] = [
    {
      desc: 'winning a service: announce on every interface, write its status, say nodeAssigned',
      verdicts: [announcing('web', ['192.0.2.10'])],
      obs: observed(),
      want: [
        { type: 'announce', ip: '192.0.2.10', interfaces: ['eth0', 'eth1'], services: ['default/web'] },
        {
          type: 'createStatus',
          service: { namespace: 'default', name: 'web' },
          interfaces: ['eth0', 'eth1'],
        },
        {
          type: 'event',
          eventType: 'Normal',
          reason: 'nodeAssigned',
          message: 'announcing from node "node-a" with protocol "layer2"',
        },
      ],
    },
    {
      desc: 'steady state: nothing to do',
      verdicts: [announcing('web', ['192.0.2.10'])],
      obs: observed({
        announced: new Map([['192.0.2.10', ['eth1', 'eth0']]]),
        statuses: [status('l2-x', 'web', ['eth0', 'eth1'])],
        announcedServices: new Set(['default/web']),
      }),
      want: [],
    },
    {
      desc: 'losing a service: go quiet and delete our status, no event',
      verdicts: [quiet('web', ['192.0.2.10'])],
      obs: observed({
        announced: new Map([['192.0.2.10', ['eth0']]]),
        statuses: [status('l2-x', 'web')],
        announcedServices: new Set(['default/web']),
      }),
      want: [
        { type: 'withdraw', ip: '192.0.2.10' },
        { type: 'deleteStatus', name: 'l2-x', reason: 'this node no longer announces the service' },
      ],
    },
    {
      desc: 'two statuses for one service: keep the first by name, delete the other',
      verdicts: [announcing('web', ['192.0.2.10'], { all: false, names: ['eth0'] })],
      obs: observed({
        announced: new Map([['192.0.2.10', ['eth0']]]),
        statuses: [status('l2-b', 'web'), status('l2-a', 'web')],
        announcedServices: new Set(['default/web']),
      }),
      want: [
        { type: 'deleteStatus', name: 'l2-b', reason: 'duplicate status for a service this node announces' },
      ],
    },
    {
      desc: "the winner deletes another node's status for the service (its speaker may be gone), not for other services",
      verdicts: [announcing('web', ['192.0.2.10'], { all: false, names: ['eth0'] })],
      obs: observed({
        announced: new Map([['192.0.2.10', ['eth0']]]),
        statuses: [status('l2-a', 'web')],
        otherStatuses: [
          { ...status('l2-old', 'web'), node: 'node-gone' },
          { ...status('l2-db', 'db'), node: 'node-b' },
        ],
        announcedServices: new Set(['default/web']),
      }),
      want: [{ type: 'deleteStatus', name: 'l2-old', reason: 'left by node node-gone; this node announces the service' }],
    },
    {
      desc: 'interfaces changed: re-announce and update the status',
      verdicts: [announcing('web', ['192.0.2.10'], { all: false, names: ['eth1'] })],
      obs: observed({
        announced: new Map([['192.0.2.10', ['eth0']]]),
        statuses: [status('l2-a', 'web')],
        announcedServices: new Set(['default/web']),
      }),
      want: [
        { type: 'announce', ip: '192.0.2.10', interfaces: ['eth1'] },
        { type: 'updateStatus', name: 'l2-a', interfaces: ['eth1'] },
      ],
    },
    {
      desc: 'two services sharing an IP: one announce listing both',
      verdicts: [
        announcing('a', ['192.0.2.10'], { all: false, names: ['eth0'] }),
        announcing('b', ['192.0.2.10'], { all: false, names: ['eth1'] }),
      ],
      obs: observed({
        statuses: [status('l2-a', 'a'), status('l2-b', 'b', ['eth1'])],
        announcedServices: new Set(['default/a', 'default/b']),
      }),
      want: [
        {
          type: 'announce',
          ip: '192.0.2.10',
          interfaces: ['eth0', 'eth1'],
          services: ['default/a', 'default/b'],
        },
      ],
    },
    {
      desc: 'a named interface missing on this node: announce where possible and warn announceFailed',
      verdicts: [announcing('web', ['192.0.2.10'], { all: false, names: ['eth0', 'eth9'] })],
      obs: observed({
        announced: new Map([['192.0.2.10', ['eth0']]]),
        statuses: [status('l2-a', 'web')],
        announcedServices: new Set(['default/web']),
      }),
      want: [
        {
          type: 'event',
          eventType: 'Warning',
          reason: 'announceFailed',
          message: expect.stringContaining('"eth9"'),
        },
      ],
    },
    {
      desc: 'the same missing interface is reported only once',
      verdicts: [announcing('web', ['192.0.2.10'], { all: false, names: ['eth9'] })],
      obs: observed({
        problems: new Map([
          [
            'default/web',
            'interface "eth9" named by the L2Advertisement does not exist or is not eligible on node "node-a"',
          ],
        ]),
      }),
      want: [],
    },
    {
      desc: 'dual-stack service: both IPs announced',
      verdicts: [announcing('web', ['192.0.2.10', '2001:db8::10'])],
      obs: observed({
        statuses: [status('l2-a', 'web', ['eth0', 'eth1'])],
        announcedServices: new Set(['default/web']),
      }),
      want: [
        { type: 'announce', ip: '192.0.2.10' },
        { type: 'announce', ip: '2001:db8::10' },
      ],
    },
  ];
  for (const c of cases) {
    it(c.desc, () => {
      const plan = planSpeakerActions('node-a', c.verdicts, c.ifaces ?? ['eth1', 'eth0'], c.obs);
      expect(plan.actions).toEqual(c.want.map((w) => expect.objectContaining(w as object)));
    });
  }

  it('remembers what it announced so the next pass emits no second nodeAssigned', () => {
    const first = planSpeakerActions('node-a', [announcing('web', ['192.0.2.10'])], ['eth0'], observed());
    const second = planSpeakerActions(
      'node-a',
      [announcing('web', ['192.0.2.10'])],
      ['eth0'],
      observed({ announcedServices: first.announcedServices }),
    );
    expect(second.actions.filter((a) => a.type === 'event')).toEqual([]);
  });
});
