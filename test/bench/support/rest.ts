// When a process comes to rest, read from its CPU time in /proc (Linux): sampled in windows, and
// at rest from the first window of a run of quiet windows in a row. The run proves the moment;
// the moment is its start, not the end of the proof. Also its resident memory, read the same way.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const TICKS_PER_S = 100; // USER_HZ on Linux

export interface CpuWindow {
  /** performance.now() when the window began. */
  startMs: number;
  /** CPU used in the window, as a share of one core. */
  share: number;
}

export interface RestRule {
  /** Under this share of a core... */
  threshold: number;
  /** ...in this many windows in a row. */
  inRow: number;
}

/** CPU seconds used by a process so far (utime + stime, every thread). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/** Resident set size of a process, in MB (VmRSS from /proc). */
export function rssMb(pid: number): number {
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024);
}

/** Where the first run of `inRow` quiet windows starts (index into `windows`), or null. */
export function restStart(windows: readonly CpuWindow[], rule: RestRule): number | null {
  let run = 0;
  for (let i = 0; i < windows.length; i++) {
    run = windows[i].share < rule.threshold ? run + 1 : 0;
    if (run >= rule.inRow) return i - rule.inRow + 1;
  }
  return null;
}

/** One window of the process's CPU. */
export async function sampleWindow(pid: number, windowMs: number): Promise<CpuWindow> {
  const startMs = performance.now();
  const before = cpuSeconds(pid);
  await new Promise((r) => setTimeout(r, windowMs));
  return { startMs, share: (cpuSeconds(pid) - before) / ((performance.now() - startMs) / 1000) };
}

export interface Rest {
  /** performance.now() at the start of the quiet run. */
  atMs: number;
  /** performance.now() when the run was complete. */
  provenMs: number;
  windows: CpuWindow[];
}

/** Samples windows until the rule holds (a Rest) or `limitMs` passes (null). */
export async function waitForRest(pid: number, rule: RestRule & { windowMs: number; limitMs: number }): Promise<Rest | null> {
  const deadline = performance.now() + rule.limitMs;
  const windows: CpuWindow[] = [];
  while (performance.now() < deadline) {
    windows.push(await sampleWindow(pid, rule.windowMs));
    const start = restStart(windows, rule);
    if (start !== null) return { atMs: windows[start].startMs, provenMs: performance.now(), windows };
  }
  return null;
}
