import { describe, expect, it } from 'vitest';
import { HEALTH_ANNOTATION, HEALTH_COUNTERS_ANNOTATION, parseSpeakerHealth } from '../../lib/reconcile/speaker-health';
import { createHealthTracker, type HealthInputs } from './health-report';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function setup() {
  let now = T0;
  const tracker = createHealthTracker({
    node: 'node-a', instance: 'i1', transport: 'virtual', leaseDurationMs: 90_000, renewIntervalMs: 30_000, now: () => now,
  });
  const announced = new Map([['192.0.2.10', ['eth0']]]);
  const counters = { ip: '192.0.2.10', requestsReceived: 0, responsesSent: 0, gratuitousSent: 1, lastGratuitousAt: T0, errors: 0, lastError: null };
  const inputs = (): HealthInputs => ({
    membership: { reason: 'normal', live: new Set(['node-a']) },
    lan: { intervalMs: 5000, timeoutMs: 15_000, keyId: null, problem: null, interfaces: [], rejected: {} },
    interfaces: [{ name: 'eth0', mac: '02:00:00:00:00:0a' }],
    announced,
    servicesOf: () => ['default/web'],
    counters: [counters],
  });
  return { tracker, inputs, announced, counters, advance: (ms: number) => void (now += ms) };
}

describe('speaker health annotations', () => {
  it('keep the report text while only counters move, and say when the report last changed', () => {
    const { tracker, inputs, counters, advance } = setup();
    const first = tracker.annotations(inputs);
    advance(30_000); // the next renewal; a router asked for the IP meanwhile
    counters.requestsReceived = 5;
    counters.responsesSent = 5;
    const renewed = tracker.annotations(inputs);
    expect(renewed[HEALTH_ANNOTATION]).toBe(first[HEALTH_ANNOTATION]);
    expect(renewed[HEALTH_COUNTERS_ANNOTATION]).not.toBe(first[HEALTH_COUNTERS_ANNOTATION]);
    const read = parseSpeakerHealth(renewed);
    if (!read.ok) throw new Error(read.detail);
    expect(read.health.counters).toEqual({ requestsReceived: 5, responsesSent: 5, gratuitousSent: 1 });
    expect(read.health.updatedAt).toBe(new Date(T0).toISOString());
  });

  it('write a new report text, with its time, when what is announced changes', () => {
    const { tracker, inputs, announced, advance } = setup();
    const first = tracker.annotations(inputs);
    advance(7000);
    announced.set('192.0.2.11', ['eth0']);
    tracker.markDirty();
    const next = tracker.annotations(inputs);
    expect(next[HEALTH_ANNOTATION]).not.toBe(first[HEALTH_ANNOTATION]);
    const read = parseSpeakerHealth(next);
    if (!read.ok) throw new Error(read.detail);
    expect(read.health.announced.map((a) => a.ip)).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(read.health.updatedAt).toBe(new Date(T0 + 7000).toISOString());
  });
});
