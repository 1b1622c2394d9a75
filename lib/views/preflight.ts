// Preflight: the checks that explain most "my Service has no working IP" reports, each with a
// status, words, and (where one exists) a fix the dashboard can apply.
import type { ClusterNetwork } from './cluster-network';
import { checkPoolOverlaps } from './preflight-overlaps';
import { checkBlockedNodes } from './preflight-nodes';
import type { PreflightCheck, PreflightReport } from './preflight-types';
import { describeLanProblems } from './node-lan';
import { plural } from './plural';
import { checkStrictArp } from './strict-arp';
import type { AdvertisementView, NodeView, PoolView, ServiceView } from './types';

export type { CheckStatus, PreflightCheck, PreflightCheckId, PreflightReport } from './preflight-types';

export interface PreflightInput {
  kubeProxyConfig: string | undefined;
  pools: readonly PoolView[];
  advertisements: readonly AdvertisementView[];
  nodes: readonly NodeView[];
  services: readonly ServiceView[];
  /** Addresses and ranges the cluster already uses (lib/views/cluster-network.ts). */
  network: ClusterNetwork;
  /** ConfigurationState objects (the controller's verdict; MetalLB's speakers' too). */
  configurationStates?: readonly ConfigStateView[];
}

/** One ConfigurationState, in either of MetalLB's shapes (0.15.3: result/errorSummary; later: validConfig/lastError). */
export interface ConfigStateView {
  name: string;
  component: string;
  valid: boolean | null;
  errors: string;
}

export function toConfigStateView(o: {
  metadata: { name?: string };
  spec?: { type?: string; nodeName?: string };
  status?: { result?: string; errorSummary?: string; validConfig?: boolean; lastError?: string };
}): ConfigStateView {
  const st = o.status ?? {};
  const valid = st.result === 'Valid' || st.validConfig === true ? true : st.result === 'Invalid' || st.validConfig === false ? false : null;
  const component = o.spec?.type === 'Speaker' ? `speaker on ${o.spec.nodeName ?? '?'}` : (o.spec?.type ?? 'component').toLowerCase();
  return { name: o.metadata.name ?? '', component, valid, errors: st.errorSummary || st.lastError || '' };
}

function checkConfiguration(states: readonly ConfigStateView[]): PreflightCheck {
  const base = { id: 'configuration' as const, title: 'Configuration' };
  const bad = states.filter((s) => s.valid === false);
  if (states.length === 0)
    return { ...base, status: 'info', summary: 'No ConfigurationState reported yet (no controller, or MetalLB older than 0.15.3).', details: [] };
  if (bad.length === 0) return { ...base, status: 'ok', summary: 'The controller accepts the pools and advertisements.', details: [] };
  return {
    ...base,
    status: 'error',
    summary: `The configuration is invalid (${bad.map((b) => b.component).join(', ')}): the last valid one stays in use until it is fixed.`,
    details: bad.map((b) => `${b.component}: ${b.errors}`),
  };
}

function checkKubeProxy(text: string | undefined): PreflightCheck {
  const base = { id: 'strictArp' as const, title: 'kube-proxy strictARP', details: [] };
  const s = checkStrictArp(text);
  switch (s.state) {
    case 'missing':
      return { ...base, status: 'info', summary: 'No kube-system/kube-proxy ConfigMap: nothing to check (no kube-proxy, or another service proxy).' };
    case 'unreadable':
      return { ...base, status: 'warn', summary: `kube-proxy config.conf could not be read: ${s.detail}` };
    case 'notIpvs':
      return { ...base, status: 'ok', summary: `kube-proxy runs in ${s.mode} mode; strictARP matters only in IPVS mode.` };
    case 'ok':
      return { ...base, status: 'ok', summary: 'kube-proxy runs in IPVS mode with strictARP: true.' };
    case 'needsFix':
      return {
        ...base,
        status: 'error',
        summary: 'kube-proxy runs in IPVS mode with strictARP: false: every node answers ARP for every LoadBalancer IP and traffic flips between MACs.',
        details: ['Set ipvs.strictARP: true in kube-system/kube-proxy (config.conf), then restart kube-proxy.'],
        fix: { action: 'fixStrictArp', label: 'Set strictARP: true' },
      };
  }
}

function checkUnadvertised(pools: readonly PoolView[]): PreflightCheck {
  const bare = pools.filter((p) => p.advertisements.length === 0);
  return {
    id: 'unadvertisedPools',
    title: 'Pools without an L2Advertisement',
    status: bare.length ? 'warn' : 'ok',
    summary: bare.length
      ? `No node announces the IPs of ${plural(bare.length, 'pool')}: create an L2Advertisement for ${bare.length === 1 ? 'it' : 'them'}.`
      : 'Every pool is covered by an L2Advertisement.',
    details: bare.map((p) => `pool ${p.name} (${plural(p.used, 'IP')} in use) is not covered by any L2Advertisement`),
  };
}

function checkInterfaces(ads: readonly AdvertisementView[], nodes: readonly NodeView[]): PreflightCheck {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const details: string[] = [];
  for (const ad of ads) {
    for (const nodeName of ad.nodes) {
      const known = byName.get(nodeName)?.health?.interfaces;
      if (!known) continue;
      for (const itf of ad.interfaces) {
        if (!known.includes(itf)) details.push(`interface ${itf} of L2Advertisement ${ad.name} is missing on node ${nodeName}`);
      }
    }
  }
  return {
    id: 'missingInterfaces',
    title: 'Advertisement interfaces',
    status: details.length ? 'warn' : 'ok',
    summary: details.length
      ? `Missing on selected nodes: ${plural(details.length, 'interface')} named by advertisements.`
      : 'Every interface named by an advertisement exists on its nodes (as far as the speakers report).',
    details,
  };
}

function checkPending(services: readonly ServiceView[]): PreflightCheck {
  const stuck = services.filter((s) => s.state === 'pending' || s.state === 'notAnnounced');
  const byReason = new Map<string, number>();
  for (const s of stuck) {
    const key = `${s.state === 'pending' ? 'pending' : 'not announced'}: ${s.reason}`;
    byReason.set(key, (byReason.get(key) ?? 0) + 1);
  }
  const details = [...byReason].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${plural(n, 'service')} ${reason}`);
  return {
    id: 'pendingServices',
    title: 'Pending and unannounced services',
    status: stuck.length ? 'warn' : 'ok',
    summary: stuck.length ? `${plural(stuck.length, 'service')} without a working IP.` : 'Every LoadBalancer service has an IP and an announcer.',
    details,
  };
}

function checkSpeakers(nodes: readonly NodeView[]): PreflightCheck {
  const down = nodes.filter((n) => n.speaker !== 'live');
  return {
    id: 'speakers',
    title: 'Speakers',
    status: down.some((n) => n.speaker === 'down') ? 'warn' : 'ok',
    summary: down.length ? `${down.length} of ${plural(nodes.length, 'speaker')} not live.` : nodes.length === 1 ? 'The only speaker is live.' : `All ${nodes.length} speakers are live.`,
    details: down.map((n) => `${n.name}: speaker ${n.speaker}`),
  };
}

function checkLan(nodes: readonly NodeView[]): PreflightCheck {
  const base = { id: 'lan' as const, title: 'Speakers on the LAN' };
  const reporting = nodes.filter((n) => n.health?.lan);
  if (reporting.length === 0)
    return { ...base, status: 'info', summary: 'No speaker reports its LAN heartbeats yet.', details: [] };
  const details = describeLanProblems(nodes);
  return {
    ...base,
    status: details.length ? 'warn' : 'ok',
    summary: details.length
      ? 'Some speakers do not hear each other on the LAN, or refuse heartbeats: failover decisions there cannot be trusted.'
      : reporting.length === 1
        ? 'The only speaker sends its heartbeats.'
        : `Each of the ${reporting.length} speakers hears the others on the LAN.`,
    details,
  };
}

export function runPreflight(input: PreflightInput): PreflightReport {
  const checks = [
    checkKubeProxy(input.kubeProxyConfig),
    checkUnadvertised(input.pools),
    checkInterfaces(input.advertisements, input.nodes),
    checkPending(input.services),
    checkSpeakers(input.nodes),
    checkBlockedNodes(input.nodes, input.advertisements, input.pools),
    checkPoolOverlaps(input.pools, input.network),
    checkLan(input.nodes),
    checkConfiguration(input.configurationStates ?? []),
  ];
  return {
    checks,
    warnings: checks.filter((c) => c.status === 'warn').length,
    errors: checks.filter((c) => c.status === 'error').length,
  };
}
