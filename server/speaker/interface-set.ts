// One Announcer per eligible interface: opens and closes them as the provider's list changes,
// reopens a link whose transport died (ENXIO after the interface vanished), and places each IP
// on exactly the interfaces it is asked to. Knows nothing about services or election.
import { Announcer, type AnnouncerError, type AnnouncerOptions, type Conflict, type IpCounters } from './announcer';
import { sleep } from '../kube';
import type { LinkProvider } from './links';
import type { L2Transport } from './transport/types';

interface Link {
  announcer: Announcer;
  transport: L2Transport;
  stop: AbortController;
}

export interface InterfaceSetOptions {
  provider: LinkProvider;
  onConflict: (conflict: Conflict) => void;
  onError: (message: string) => void;
  /** The set of links changed (an interface came or went). */
  onChange: () => void;
  /** A link opened (its transport carries the heartbeats too) or is about to close. */
  onLinkOpen?: (name: string, transport: L2Transport) => void;
  onLinkClose?: (name: string) => void;
  /** Gratuitous announcements: MetalLB's burst on gain, and the periodic refresh while announcing. */
  gratuitous?: AnnouncerOptions['gratuitous'];
}

export interface InterfaceSet {
  start(signal: AbortSignal): Promise<void>;
  /** Resolves after the first scan (so a first pass does not mistake "not scanned" for "none"). */
  scanned(): Promise<void>;
  /** Re-reads the eligible interfaces now (scans never overlap); resolves true when the set changed. */
  rescan(): Promise<boolean>;
  names(): string[];
  interfaces(): { name: string; mac: string }[];
  /** Announces `ip` on exactly `names` (others go quiet for it). */
  place(ip: string, names: readonly string[]): void;
  withdraw(ip: string): void;
  /** Goes quiet for every IP at once, links left open (a clean stop, before its goodbye). */
  quiet(): void;
  /** The bounded defence of an IP we announce on `ifname` against a foreign claim (Announcer.defend). */
  defend(ip: string, ifname: string): boolean;
  /** IP -> interfaces announcing it. */
  announced(): Map<string, string[]>;
  setElectedMac(ip: string, macFor: ((ifname: string) => string | undefined) | null): void;
  counters(): IpCounters[];
  /** Goes quiet everywhere and closes every transport. */
  close(): void;
}

const RETRY_MS = 1000;

function addCounters(into: Map<string, IpCounters>, c: IpCounters): void {
  const t = into.get(c.ip);
  if (!t) {
    into.set(c.ip, { ...c });
    return;
  }
  t.requestsReceived += c.requestsReceived;
  t.responsesSent += c.responsesSent;
  t.gratuitousSent += c.gratuitousSent;
  t.errors += c.errors;
  if ((c.lastGratuitousAt ?? 0) > (t.lastGratuitousAt ?? 0)) t.lastGratuitousAt = c.lastGratuitousAt;
}

export function createInterfaceSet(opts: InterfaceSetOptions): InterfaceSet {
  const links = new Map<string, Link>();
  /** IP -> wanted interfaces; reapplied to links that (re)open. */
  const wanted = new Map<string, Set<string>>();
  const elected = new Map<string, (ifname: string) => string | undefined>();
  /** Counters of links closed since, so the totals never go backwards. */
  const retired = new Map<string, IpCounters>();
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let scanning: Promise<boolean> = Promise.resolve(false);
  let markScanned!: () => void;
  const firstScan = new Promise<void>((resolve) => (markScanned = resolve));

  const closeLink = (name: string) => {
    const link = links.get(name);
    if (!link) return;
    links.delete(name);
    opts.onLinkClose?.(name);
    for (const c of link.announcer.ipCounters()) addCounters(retired, c);
    link.stop.abort();
    link.transport.close();
  };

  const onAnnouncerError = (e: AnnouncerError) => {
    opts.onError(`${e.ifname}${e.ip ? ` ${e.ip}` : ''} ${e.op}: ${e.error.message}`);
    if (e.op !== 'transport') return;
    closeLink(e.ifname); // the interface is gone or down: reopen on the next scan
    opts.onChange();
    scheduleRetry();
  };

  const openLink = (name: string): boolean => {
    const opened = opts.provider.open(name);
    if (!opened.ok) {
      opts.onError(`${name}: cannot open (${opened.error.code}): ${opened.error.message}`);
      return false;
    }
    const announcer = new Announcer({
      transport: opened.value,
      onConflict: opts.onConflict,
      onError: onAnnouncerError,
      gratuitous: opts.gratuitous,
    });
    const stop = new AbortController();
    links.set(name, { announcer, transport: opened.value, stop });
    announcer.start(stop.signal);
    opts.onLinkOpen?.(name, opened.value);
    for (const [ip, names] of wanted) if (names.has(name)) announcer.announce(ip);
    for (const [ip, macFor] of elected) {
      const mac = macFor(name);
      if (mac) announcer.setElectedMac(ip, mac);
    }
    return true;
  };

  const scheduleRetry = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void set.rescan();
    }, RETRY_MS);
  };

  const scanOnce = async (): Promise<boolean> => {
    if (closed) return false;
    let eligible: string[];
    try {
      eligible = await opts.provider.listEligible();
    } catch (e) {
      opts.onError(`interface scan failed: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
    if (closed) return false;
    let changed = false;
    for (const name of [...links.keys()]) {
      if (eligible.includes(name)) continue;
      closeLink(name);
      changed = true;
    }
    let failed = false;
    for (const name of eligible) {
      if (links.has(name)) continue;
      if (openLink(name)) changed = true;
      else failed = true;
    }
    if (failed) scheduleRetry();
    if (changed) opts.onChange();
    return changed;
  };

  const set: InterfaceSet = {
    async start(signal) {
      await set.rescan();
      markScanned();
      const period = opts.provider.rescanMs;
      while (period > 0 && !signal.aborted) {
        await sleep(period, signal);
        if (!signal.aborted) await set.rescan();
      }
    },
    scanned: () => firstScan,
    rescan() {
      scanning = scanning.then(scanOnce, scanOnce);
      return scanning;
    },
    names: () => [...links.keys()].sort(),
    interfaces: () =>
      [...links.values()]
        .map((l) => ({ name: l.announcer.ifname, mac: l.announcer.mac }))
        .sort((a, b) => (a.name < b.name ? -1 : 1)),
    place(ip, names) {
      const want = new Set(names);
      wanted.set(ip, want);
      for (const [name, link] of links) {
        const on = link.announcer.isAnnouncing(ip);
        if (want.has(name) && !on) link.announcer.announce(ip);
        else if (!want.has(name) && on) link.announcer.withdraw(ip);
      }
    },
    withdraw(ip) {
      wanted.delete(ip);
      for (const link of links.values()) link.announcer.withdraw(ip);
    },
    defend: (ip, ifname) => links.get(ifname)?.announcer.defend(ip) ?? false,
    quiet() {
      wanted.clear();
      for (const link of links.values()) for (const ip of link.announcer.announcedIps()) link.announcer.withdraw(ip);
    },
    announced() {
      const out = new Map<string, string[]>();
      for (const [name, link] of links) {
        for (const ip of link.announcer.announcedIps()) out.set(ip, [...(out.get(ip) ?? []), name]);
      }
      return out;
    },
    setElectedMac(ip, macFor) {
      if (macFor) elected.set(ip, macFor);
      else elected.delete(ip);
      for (const [name, link] of links) link.announcer.setElectedMac(ip, macFor?.(name) ?? null);
    },
    counters() {
      const totals = new Map<string, IpCounters>();
      for (const c of retired.values()) addCounters(totals, c);
      for (const link of links.values()) for (const c of link.announcer.ipCounters()) addCounters(totals, c);
      return [...totals.values()];
    },
    close() {
      closed = true;
      clearTimeout(retry);
      for (const name of [...links.keys()]) closeLink(name);
      wanted.clear();
    },
  };
  return set;
}
