import { describe, expect, it } from 'vitest';
import {
  HEALTH_ANNOTATION,
  HEALTH_COUNTERS_ANNOTATION,
  HEALTH_MAX_BYTES,
  healthAnnotations,
  parseSpeakerHealth,
  serializeHealth,
  type SpeakerHealth,
} from './speaker-health';

const report = (announced: number, errors = 0): SpeakerHealth => ({
  version: 1,
  node: 'node-a',
  instance: 'abcd1234',
  startedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:05.000Z',
  transport: 'af-packet',
  membership: { reason: 'normal', liveSpeakers: 3, leaseDurationMs: 2000, renewIntervalMs: 500 },
  interfaces: [{ name: 'eth0', mac: '02:00:00:00:00:0b' }],
  announcedCount: announced,
  announced: Array.from({ length: announced }, (_, i) => ({
    ip: `192.0.2.${i % 250}`,
    services: [`default/svc-${i}`],
    interfaces: ['eth0'],
  })),
  counters: { requestsReceived: 10, responsesSent: 10, gratuitousSent: 4 },
  lastGratuitous: { ip: '192.0.2.1', at: '2026-01-01T00:00:01.000Z' },
  errors: Array.from({ length: errors }, (_, i) => ({
    at: '2026-01-01T00:00:02.000Z',
    message: `error ${i} ${'x'.repeat(1000)}`,
  })),
  conflicts: [],
});

describe('speaker health report', () => {
  it('round-trips through the Lease annotation', () => {
    const text = serializeHealth(report(3));
    const parsed = parseSpeakerHealth({ [HEALTH_ANNOTATION]: text });
    expect(parsed).toEqual({ ok: true, health: report(3) });
  });

  it('writes the counters in an annotation of their own and reads them back into the report', () => {
    const annotations = healthAnnotations(report(3));
    expect(JSON.parse(annotations[HEALTH_ANNOTATION])).not.toHaveProperty('counters');
    expect(JSON.parse(annotations[HEALTH_COUNTERS_ANNOTATION])).toEqual({ counters: report(3).counters, lastGratuitous: report(3).lastGratuitous });
    expect(parseSpeakerHealth(annotations)).toEqual({ ok: true, health: report(3) });
  });

  it('reads a renewal that moved only the counters without parsing the report again, and the same texts as the same object', () => {
    const first = healthAnnotations(report(3));
    const moved = { ...report(3), counters: { requestsReceived: 11, responsesSent: 11, gratuitousSent: 4 } };
    const renewed = healthAnnotations(moved);
    expect(renewed[HEALTH_ANNOTATION]).toBe(first[HEALTH_ANNOTATION]);
    const a = parseSpeakerHealth(first);
    const b = parseSpeakerHealth(renewed);
    expect(b).toEqual({ ok: true, health: moved });
    // A new annotations object with the same texts (the next renewal at rest) reads as the same report.
    expect(parseSpeakerHealth({ ...renewed })).toBe(b);
    // Not parsed again: the report's lists are the very objects of the first read.
    expect(b.ok && b.health.announced).toBe(a.ok && a.health.announced);
  });

  it('reads a report from before the counters annotation with its own counters, and a malformed counters annotation as zero', () => {
    const old = { [HEALTH_ANNOTATION]: JSON.stringify(report(1)) };
    expect(parseSpeakerHealth(old)).toEqual({ ok: true, health: report(1) });
    const broken = parseSpeakerHealth({ ...healthAnnotations(report(1)), [HEALTH_COUNTERS_ANNOTATION]: '{' });
    expect(broken.ok && broken.health.counters).toEqual({ requestsReceived: 0, responsesSent: 0, gratuitousSent: 0 });
    expect(broken.ok && broken.health.announcedCount).toBe(1);
  });

  it('reads a report again when the annotation changed, even in the same object', () => {
    const annotations: Record<string, string> = { [HEALTH_ANNOTATION]: serializeHealth(report(1)) };
    const first = parseSpeakerHealth(annotations);
    expect(parseSpeakerHealth(annotations)).toBe(first); // unchanged: read once
    annotations[HEALTH_ANNOTATION] = serializeHealth(report(2));
    const second = parseSpeakerHealth(annotations);
    expect(second.ok && second.health.announcedCount).toBe(2);
    annotations[HEALTH_ANNOTATION] = 'not json';
    expect(parseSpeakerHealth(annotations)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('stays under the size bound with 10,000 announced IPs, and still says how many', () => {
    const text = serializeHealth(report(10_000, 50));
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(HEALTH_MAX_BYTES);
    const parsed = parseSpeakerHealth({ [HEALTH_ANNOTATION]: text });
    if (!parsed.ok) throw new Error(parsed.detail);
    expect(parsed.health.announcedCount).toBe(10_000);
    expect(parsed.health.truncated).toBe(true);
    expect(parsed.health.announced.length).toBeGreaterThan(0);
  });

  it('clips long error messages and keeps the newest five', () => {
    const parsed = parseSpeakerHealth({ [HEALTH_ANNOTATION]: serializeHealth(report(1, 8)) });
    if (!parsed.ok) throw new Error(parsed.detail);
    expect(parsed.health.errors.map((e) => e.message.slice(0, 7))).toEqual([
      'error 3',
      'error 4',
      'error 5',
      'error 6',
      'error 7',
    ]);
    expect(parsed.health.errors[0].message.length).toBeLessThanOrEqual(300);
  });

  const bad: { desc: string; ann: Record<string, string>; reason: string }[] = [
    { desc: 'no annotation', ann: {}, reason: 'missing' },
    { desc: 'not JSON', ann: { [HEALTH_ANNOTATION]: '{' }, reason: 'invalid' },
    { desc: 'wrong shape', ann: { [HEALTH_ANNOTATION]: '{"version":2}' }, reason: 'invalid' },
  ];
  for (const c of bad)
    it(`a Lease with ${c.desc} has no report`, () =>
      expect(parseSpeakerHealth(c.ann)).toMatchObject({ ok: false, reason: c.reason }));
});
