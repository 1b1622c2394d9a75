// Conflicts as users see them: one event per incident from the announcing node, counted by every
// node that saw it, never for a handover between speakers.
import { describe, expect, it } from 'vitest';
import { silentLogger, type EventRecorder } from '../kube';
import type { Conflict } from './announcer';
import { createConflictReporter, HANDOVER_GRACE_MS } from './conflict-report';

const conflict = (foreignMac: string): Conflict => ({
  ip: '192.0.2.1',
  foreignMac,
  expectedMac: '02:00:00:00:00:0b',
  ifname: 'eth0',
  via: 'gratuitousArp',
  firstSeenAt: 0,
  lastSeenAt: 0,
  count: 1,
});

function setup(ownerSince = 0, owner = 'node-a') {
  let now = 100_000;
  const events: string[] = [];
  const recorded: string[] = [];
  const defended: string[] = [];
  const recorder: EventRecorder = {
    record: async (_o, type, reason, message) => void events.push(`${type} ${reason} ${message}`),
    flush: async () => {},
    dropped: () => 0,
  };
  const reporter = createConflictReporter({
    node: 'node-a',
    events: recorder,
    logger: silentLogger,
    health: { noteConflict: (c) => void recorded.push(c.foreignMac) },
    ownerOf: () => ({ node: owner, since: ownerSince }),
    servicesOf: () => ['default/web'],
    speakerOfMac: (mac) => (mac === '02:00:00:00:00:0c' ? 'node-b' : undefined),
    defend: (ip, ifname) => (defended.push(`${ip}@${ifname}`), true),
    now: () => now,
  });
  return { reporter, events, recorded, defended, advance: (ms: number) => (now += ms) };
}

describe('conflict reporting', () => {
  it('a foreign host claiming our IP: Warning event on the Service, health entry, counter', () => {
    const t = setup(0);
    t.reporter.report(conflict('02:00:00:00:00:66'));
    expect(t.events).toEqual([
      expect.stringMatching(/^Warning ipConflict IP 192\.0\.2\.1 is also claimed by MAC 02:00:00:00:00:66/),
    ]);
    expect(t.recorded).toEqual(['02:00:00:00:00:66']);
    expect(t.reporter.counts()).toEqual([{ ip: '192.0.2.1', count: 1 }]);
    expect(t.defended).toEqual(['192.0.2.1@eth0']);
  });

  it('a node that does not announce the IP counts the claim and lists it, but writes no event (one incident, one event)', () => {
    const t = setup(0, 'node-b');
    t.reporter.report(conflict('02:00:00:00:00:66'));
    expect(t.events).toEqual([]);
    expect(t.defended).toEqual([]);
    expect(t.recorded).toEqual(['02:00:00:00:00:66']);
    expect(t.reporter.counts()).toEqual([{ ip: '192.0.2.1', count: 1 }]);
  });

  it('a claim while the IP changes hands is the handover, even from a MAC not known yet', () => {
    const t = setup(100_000 - 1000);
    t.reporter.report(conflict('02:00:00:00:00:66'));
    expect([t.events, t.recorded, t.reporter.counts()]).toEqual([[], [], []]);
    t.advance(HANDOVER_GRACE_MS);
    t.reporter.report(conflict('02:00:00:00:00:66'));
    expect(t.events).toHaveLength(1);
  });

  it('another ironlb speaker claiming the IP (a handover seen early or late) is not a conflict', () => {
    const t = setup(0);
    t.reporter.report(conflict('02:00:00:00:00:0c'));
    expect(t.events).toEqual([]);
    expect(t.reporter.counts()).toEqual([]);
  });

  it('a flood of claims gives one event a minute, while the health and counter see every one', () => {
    const t = setup(0);
    for (let i = 0; i < 10; i++) t.reporter.report(conflict('02:00:00:00:00:66'));
    expect(t.events).toHaveLength(1);
    t.advance(60_000);
    t.reporter.report(conflict('02:00:00:00:00:66'));
    expect(t.events).toHaveLength(2);
    expect(t.reporter.counts()).toEqual([{ ip: '192.0.2.1', count: 11 }]);
  });
});
