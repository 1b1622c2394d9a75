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
  /** `liveOn`: membership on the LAN per interface (see SpeakerView.liveOn). */
  view(self: string, isLive: (node: string) => boolean, liveOn?: SpeakerView['liveOn']): SpeakerView;
  /** The config error that stopped the latest pools/advertisements from being used, if any. */
  configError(): string | null;
  service(key: string): KubeObject | undefined;
  /** Forgets everything kept between passes: the next view reads every object again. */
  invalidate(): void;
}

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
    infos.delete(svc);
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
    infos.clear();
  };

  const flatten = (key: string, svc: KubeObject): ServiceInfo | null => {
    const s = svc as unknown as ServiceObject;
    if (checkServiceHandled(s, loadBalancerClass) !== null) return null;
    const slices = [...(slicesOf.get(key) ?? [])]
      .map((k) => inf.endpointslices.get(k))
      .filter((x): x is KubeObject => x !== undefined) as unknown as EndpointSliceObject[];
    return toServiceInfo(s, slices, config.pools);
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
      } else if (kind === 'services') infos.delete(event.key);
      else if (kind === 'endpointslices' && slicesIndexed) {
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
      const services: ServiceInfo[] = [];
      for (const [key, svc] of inf.services.cache) {
        let info = infos.get(key);
        if (info === undefined) {
          info = flatten(key, svc);
          infos.set(key, info);
        }
        if (info) services.push(info);
      }
      for (const key of infos.keys()) if (!inf.services.cache.has(key)) infos.delete(key);
      const advertisements: AdvertisementInfo[] = config.advertisements;
      return { self, nodes, services, advertisements, pools: new Set(config.pools.map((p) => p.name)), liveOn };
    },
    configError: () => configError,
    service: (key) => inf.services.get(key),
    invalidate() {
      configDirty = true;
      infos.clear();
      slicesOf.clear();
      slicesIndexed = false;
    },
  };
}
