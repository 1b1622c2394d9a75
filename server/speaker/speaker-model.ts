// The election inputs a speaker rebuilds on every pass, kept incrementally: each Service is
// flattened again only when it, one of its EndpointSlices, or the config changed, so a pass
// over 10,000 services does not re-read 10,000 objects.
import type { Config } from '../../lib/config/types';
import { validateConfig, formatConfigError } from '../../lib/config/validate-config';
import type { AdvertisementInfo, NodeInfo, ServiceInfo } from '../../lib/election';
import {
  SERVICE_NAME_LABEL,
  checkServiceHandled,
  toNodeInfo,
  toServiceInfo,
  type EndpointSliceObject,
  type NodeObject,
  type ServiceObject,
} from '../../lib/reconcile/speaker-inputs';
import type { SpeakerView } from '../../lib/reconcile/speaker-election';
import { isStatusOnlyChange, type KubeObject } from '../kube';
import type { SourceChange, SpeakerSources } from './sources';

export interface SpeakerModel {
  /** Marks what a change invalidates; false when it changes nothing the election reads. */
  apply(change: SourceChange): boolean;
  /**
   * `liveOn`: membership on the LAN per interface (see SpeakerView.liveOn). The view's services
   * are shared with other views until something changes: read them, never modify them.
   */
  view(self: string, isLive: (node: string) => boolean, liveOn?: SpeakerView['liveOn']): SpeakerView;
  /** The config error that stopped the latest pools/advertisements from being used, if any. */
  configError(): string | null;
  service(key: string): KubeObject | undefined;
  /** Forgets everything kept between passes: the next view reads every object again. */
  invalidate(): void;
}

/** The flattened services in the informer's order: a slot per Service, null where not handled. */
interface Flat {
  keys: string[];
  slots: (ServiceInfo | null)[];
  /** Service key -> its slot. */
  at: Map<string, number>;
  /** The non-null slots, in order: what a view hands out (shared: never modified). */
  services: ServiceInfo[];
}

const isInfo = (x: ServiceInfo | null): x is ServiceInfo => x !== null;

const sliceServiceKey = (slice: KubeObject): string | undefined => {
  const svc = slice.metadata.labels?.[SERVICE_NAME_LABEL];
  return svc ? `${slice.metadata.namespace}/${svc}` : undefined;
};

export function createSpeakerModel(
  sources: SpeakerSources,
  systemNamespace: string,
  loadBalancerClass?: string,
): SpeakerModel {
  const inf = sources.informers;
  let config: Config = { pools: [], advertisements: [] };
  let configError: string | null = null;
  let configDirty = true;
  /** Service key -> flattened info, or null when the speaker does not handle it. */
  const infos = new Map<string, ServiceInfo | null>();
  /** Service key -> keys of its EndpointSlices. */
  const slicesOf = new Map<string, Set<string>>();
  let slicesIndexed = false;
  /**
   * The flattened services of the latest view, in the informer's order, kept between views: a
   * changed service is flattened again in its slot, and only a service added or deleted (or a
   * new config) walks the 10,000 again. Walking two maps of 10,000 on every pass was a third of
   * the simulated speakers' pass time while the controller handed out 10,000 IPs (profiled).
   */
  let flat: Flat | null = null;
  /** Services changed since the latest view. */
  const stale = new Set<string>();
  const forget = (key: string) => {
    infos.delete(key);
    stale.add(key);
  };
  const forgetAll = () => {
    infos.clear();
    flat = null;
    stale.clear();
  };
  let lastEvent: SourceChange['event'] | undefined;
  let lastVerdict = true;

  const indexSlice = (key: string, slice: KubeObject | undefined, add: boolean) => {
    const svc = slice ? sliceServiceKey(slice) : undefined;
    if (!svc) return;
    const set = slicesOf.get(svc) ?? new Set<string>();
    if (add) set.add(key);
    else set.delete(key);
    if (set.size > 0) slicesOf.set(svc, set);
    else slicesOf.delete(svc);
    forget(svc);
  };

  const refreshConfig = () => {
    if (!configDirty) return;
    configDirty = false;
    const result = validateConfig(inf.ipaddresspools.list(), inf.l2advertisements.list(), systemNamespace);
    if (result.ok) {
      config = result.value;
      configError = null;
    } else {
      configError = formatConfigError(result.error); // MetalLB keeps the last good config too
    }
    forgetAll();
  };

  const flatten = (key: string, svc: KubeObject): ServiceInfo | null => {
    const s = svc as unknown as ServiceObject;
    if (checkServiceHandled(s, loadBalancerClass) !== null) return null;
    const slices = [...(slicesOf.get(key) ?? [])]
      .map((k) => inf.endpointslices.get(k))
      .filter((x): x is KubeObject => x !== undefined) as unknown as EndpointSliceObject[];
    return toServiceInfo(s, slices, config.pools);
  };

  const infoOf = (key: string, svc: KubeObject): ServiceInfo | null => {
    let info = infos.get(key);
    if (info === undefined) {
      info = flatten(key, svc);
      infos.set(key, info);
    }
    return info;
  };

  const flattenAll = (): Flat => {
    const keys: string[] = [];
    const slots: (ServiceInfo | null)[] = [];
    const at = new Map<string, number>();
    for (const [key, svc] of inf.services.cache) {
      at.set(key, keys.length);
      keys.push(key);
      slots.push(infoOf(key, svc));
    }
    for (const key of infos.keys()) if (!inf.services.cache.has(key)) infos.delete(key);
    return { keys, slots, at, services: slots.filter(isInfo) };
  };

  /** `previous` with the stale services flattened again in place; null when one was added or deleted. */
  const refreshFlat = (previous: Flat): Flat | null => {
    if (inf.services.cache.size !== previous.keys.length) return null;
    const slots = previous.slots.slice(); // the previous view's array stays as it was
    for (const key of stale) {
      const i = previous.at.get(key);
      const svc = inf.services.cache.get(key);
      if (i === undefined || !svc) return null;
      slots[i] = infoOf(key, svc);
    }
    return { ...previous, slots, services: slots.filter(isInfo) };
  };

  return {
    apply({ kind, event }) {
      // A model shared by several speakers is handed each change once per speaker.
      if (event === lastEvent) return lastVerdict;
      lastEvent = event;
      lastVerdict = true;
      if (kind === 'ipaddresspools' || kind === 'l2advertisements') {
        if (isStatusOnlyChange(event)) lastVerdict = false;
        else configDirty = true;
      } else if (kind === 'services') {
        forget(event.key);
        if (event.type !== 'modified') flat = null; // a new order: walked again
      } else if (kind === 'endpointslices' && slicesIndexed) {
        indexSlice(event.key, event.old, false);
        indexSlice(event.key, event.object, event.type !== 'deleted');
      }
      return lastVerdict;
    },
    view(self, isLive, liveOn) {
      refreshConfig();
      if (!slicesIndexed) {
        for (const [key, slice] of inf.endpointslices.cache) indexSlice(key, slice, true);
        slicesIndexed = true;
      }
      const nodes: NodeInfo[] = inf.nodes.list().map((n) => toNodeInfo(n as unknown as NodeObject, isLive));
      // Every change of the cache reaches apply() first; the size is a cheap second check.
      if (flat && (stale.size > 0 || flat.keys.length !== inf.services.cache.size)) flat = refreshFlat(flat);
      flat ??= flattenAll();
      stale.clear();
      const advertisements: AdvertisementInfo[] = config.advertisements;
      return { self, nodes, services: flat.services, advertisements, pools: new Set(config.pools.map((p) => p.name)), liveOn };
    },
    configError: () => configError,
    service: (key) => inf.services.get(key),
    invalidate() {
      configDirty = true;
      forgetAll();
      slicesOf.clear();
      slicesIndexed = false;
    },
  };
}
