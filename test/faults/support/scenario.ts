// What a fault scenario reports (scripts/faults.mjs writes it to RELIABILITY.md), and the tally
// that checks lib/invariants after every step and keeps the violations found.
import { checkInvariants, type ClusterSnapshot, type InvariantInput, type Violation } from '../../../lib/invariants/check';
import { listObjects, RESOURCES, type Kube, type KubeObject } from '../../../server/kube';
import type { ServiceObject } from '../../../lib/reconcile/controller-service';
import { NS } from '../../support/cluster';

export interface FaultReport {
  title: string;
  /** What was done, in a sentence or two. */
  did: string;
  /** What was checked, and when. */
  checked: string;
  faults: number;
  violations: Violation[];
  rows?: { name: string; value: string | number; unit?: string }[];
  notes?: string;
  error?: string;
}

export interface FaultOptions {
  soakMinutes: number;
}

/** Counts faults and checks; the violations found so far, each tagged with the step that found it. */
export class Tally {
  faults = 0;
  checks = 0;
  readonly violations: Violation[] = [];
  private before?: ClusterSnapshot;

  /** Checks the invariants on `input` (the move check against the previous snapshot) and remembers `now`. */
  check(step: string, input: Omit<InvariantInput, 'before'>): Violation[] {
    this.checks++;
    const found = checkInvariants({ ...input, before: this.before }).map((v) => ({ ...v, detail: `${v.detail} (after ${step})` }));
    this.violations.push(...found);
    this.before = input.now;
    return found;
  }

  /** A violation the invariants cannot see (a wrong error, a duplicate write). */
  record(kind: Violation['kind'], subject: string, detail: string) {
    this.violations.push({ kind, subject, detail });
  }
}

type PoolObject = KubeObject & { spec?: { addresses?: string[] } };

/** Every Service in the given namespaces and every IPAddressPool, as the checker reads them. */
export async function snapshotCluster(kube: Kube, namespaces: string[] = ['default']): Promise<ClusterSnapshot> {
  const services: ServiceObject[] = [];
  for (const namespace of namespaces) services.push(...(await listObjects<ServiceObject & KubeObject>(kube, RESOURCES.services, { namespace })).items);
  const pools = (await listObjects<PoolObject>(kube, RESOURCES.ipaddresspools, { namespace: NS })).items;
  return { services, pools: pools.map((p) => ({ name: p.metadata.name ?? '', addresses: p.spec?.addresses ?? [] })) };
}

/** Runs `fn` over 0..n-1 with `concurrency` calls in flight. */
export async function inParallel(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) await fn(i);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** A random integer in [0, n): scenarios pick kill points with it (Math.random: test code, not lib/). */
export const randomBelow = (n: number) => Math.floor(Math.random() * n);
