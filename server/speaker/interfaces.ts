// Which interfaces the speaker may announce on (SEMANTICS §4): read from /sys/class/net, judged
// by a pure function that returns a reason, rescanned on a timer (MetalLB rescans every 10 s).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock, type Clock, type TimerHandle } from './transport/clock';

/** MetalLB's exclusion list (SEMANTICS §4); `*` matches any run of characters. */
export const DEFAULT_EXCLUDED_INTERFACES = [
  'docker*', 'cbr*', 'dummy*', 'virbr*', 'lxcbr*', 'veth*', 'lo', 'cali*', 'tunl*', 'flannel*',
  'kube-ipvs*', 'cni*', 'nodelocaldns*', 'lxc*',
];
export const DEFAULT_RESCAN_MS = 10_000;

const IFF_UP = 0x1;
const IFF_BROADCAST = 0x2;
const IFF_NOARP = 0x80;
const ARPHRD_ETHER = 1;

export interface InterfaceFacts {
  name: string;
  flags: number;
  /** ARPHRD_* from /sys/class/net/<if>/type (1 = Ethernet, 772 = loopback). */
  type: number;
  operstate: string;
  mac: string;
  /** Set when the interface is enslaved: to a bridge, a bond, or something else (vrf, team). */
  master: 'bridge' | 'bond' | 'other' | null;
}

export type IneligibleReason = 'excludedName' | 'notEthernet' | 'down' | 'noArp' | 'notBroadcast' | 'bridgeMember' | 'bondMember' | 'enslaved' | 'noCarrier';

export type Eligibility = { name: string; mac: string; eligible: true } | { name: string; mac: string; eligible: false; reason: IneligibleReason };

const matchesPattern = (name: string, pattern: string): boolean =>
  new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(name);

const MASTER_REASON = { bridge: 'bridgeMember', bond: 'bondMember', other: 'enslaved' } as const;

function findIneligibility(f: InterfaceFacts, exclude: string[]): IneligibleReason | null {
  if (exclude.some((p) => matchesPattern(f.name, p))) return 'excludedName';
  if (f.type !== ARPHRD_ETHER) return 'notEthernet';
  if ((f.flags & IFF_UP) === 0) return 'down';
  if ((f.flags & IFF_NOARP) !== 0) return 'noArp';
  if ((f.flags & IFF_BROADCAST) === 0) return 'notBroadcast';
  if (f.master) return MASTER_REASON[f.master];
  // "unknown" is normal for some drivers that are up; these three mean no link.
  if (['down', 'lowerlayerdown', 'notpresent'].includes(f.operstate)) return 'noCarrier';
  return null;
}

/** Pure: whether one interface is eligible, and if not, why. */
export function classifyInterface(f: InterfaceFacts, exclude: string[] = DEFAULT_EXCLUDED_INTERFACES): Eligibility {
  const reason = findIneligibility(f, exclude);
  return reason ? { name: f.name, mac: f.mac, eligible: false, reason } : { name: f.name, mac: f.mac, eligible: true };
}

/** Pure: an advertisement's `interfaces` against a scan; names not eligible are `missing` (-> announceFailed). */
export function selectInterfaces(scan: Eligibility[], requested?: string[]): { use: string[]; missing: string[] } {
  const eligible = scan.filter((e) => e.eligible).map((e) => e.name);
  if (!requested || requested.length === 0) return { use: eligible, missing: [] };
  return { use: requested.filter((n) => eligible.includes(n)), missing: requested.filter((n) => !eligible.includes(n)) };
}

const exists = (path: string) => stat(path).then(() => true, () => false);
const readText = (path: string) => readFile(path, 'utf8').then((s) => s.trim(), () => '');

async function readMaster(dir: string): Promise<InterfaceFacts['master']> {
  if (await exists(join(dir, 'brport'))) return 'bridge';
  if (await exists(join(dir, 'bonding_slave'))) return 'bond';
  return (await exists(join(dir, 'master'))) ? 'other' : null;
}

export async function readInterfaceFacts(name: string, sysRoot = '/sys/class/net'): Promise<InterfaceFacts | null> {
  const dir = join(sysRoot, name);
  const [flags, type, operstate, mac, master] = await Promise.all([
    readText(join(dir, 'flags')), readText(join(dir, 'type')), readText(join(dir, 'operstate')), readText(join(dir, 'address')), readMaster(dir),
  ]);
  if (flags === '' || type === '') return null; // vanished between readdir and read
  return { name, flags: parseInt(flags, 16), type: parseInt(type, 10), operstate, mac: mac.toLowerCase(), master };
}

export interface ScanOptions {
  sysRoot?: string;
  exclude?: string[];
}

/** Every interface with its verdict, sorted by name. */
export async function scanInterfaces(opts: ScanOptions = {}): Promise<Eligibility[]> {
  const sysRoot = opts.sysRoot ?? '/sys/class/net';
  const names = await readdir(sysRoot).catch(() => [] as string[]);
  const facts = await Promise.all(names.sort().map((n) => readInterfaceFacts(n, sysRoot)));
  return facts.filter((f): f is InterfaceFacts => f !== null).map((f) => classifyInterface(f, opts.exclude));
}

const fingerprint = (scan: Eligibility[]) => JSON.stringify(scan);

/** Rescans every `intervalMs` and calls `onChange` when any verdict or MAC changed (and once at start). */
export class InterfaceWatcher {
  private last: Eligibility[] = [];
  private timer: TimerHandle | undefined;

  constructor(
    private readonly options: ScanOptions & {
      intervalMs?: number;
      clock?: Clock;
      onChange: (current: Eligibility[], previous: Eligibility[]) => void;
    },
  ) {}

  current(): Eligibility[] {
    return this.last;
  }

  /** Scans now; resolves with the scan after `onChange` ran (if it changed). */
  async rescan(): Promise<Eligibility[]> {
    const next = await scanInterfaces(this.options);
    if (fingerprint(next) !== fingerprint(this.last)) {
      const previous = this.last;
      this.last = next;
      this.options.onChange(next, previous);
    }
    return next;
  }

  start(signal: AbortSignal): void {
    const clock = this.options.clock ?? systemClock;
    const loop = () => {
      if (signal.aborted) return;
      void this.rescan().finally(() => {
        if (!signal.aborted) this.timer = clock.setTimeout(loop, this.options.intervalMs ?? DEFAULT_RESCAN_MS);
      });
    };
    signal.addEventListener('abort', () => this.timer !== undefined && clock.clearTimeout(this.timer), { once: true });
    loop();
  }
}
