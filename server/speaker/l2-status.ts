// This node's ServiceL2Status objects (metallb.io/v1beta1): reads them from the shared informer
// and carries out the create/update/delete actions of lib/reconcile/speaker-actions. It keeps a
// small overlay of its own writes until the watch echoes them, so a quick second reconcile
// never creates a duplicate. Another node may delete the object (a takeover seen a moment apart)
// before this node's next pass looks: a lasting overlay entry for an object that no longer exists
// would keep this node from ever writing its status again. So the overlay drops an entry when the
// watch reports the object deleted, when a write to it fails, and when the watch has not echoed
// it within OVERLAY_TTL_MS.
import { SERVICE_L2_STATUS_LABELS } from '../../lib/schemas/service-l2-status';
import type { OtherStatus, OwnStatus, ServiceRef } from '../../lib/reconcile/speaker-actions';
import { createObject, deleteObject, patchObject, RESOURCES, type KubeApi, type KubeObject } from '../kube';

interface StatusObject extends KubeObject {
  status?: {
    node?: string;
    serviceName?: string;
    serviceNamespace?: string;
    interfaces?: { name: string }[];
  };
}

export function toOwnStatus(obj: KubeObject): OwnStatus {
  const o = obj as StatusObject;
  const labels = o.metadata.labels ?? {};
  return {
    name: o.metadata.name ?? '',
    serviceNamespace: o.status?.serviceNamespace ?? labels[SERVICE_L2_STATUS_LABELS.serviceNamespace] ?? '',
    serviceName: o.status?.serviceName ?? labels[SERVICE_L2_STATUS_LABELS.serviceName] ?? '',
    interfaces: (o.status?.interfaces ?? []).map((i) => i.name),
  };
}

/** The node a status belongs to: its metallb.io/node label, as speakers select their own. */
const nodeOf = (obj: KubeObject): string => obj.metadata.labels?.[SERVICE_L2_STATUS_LABELS.node] ?? (obj as StatusObject).status?.node ?? '';

export interface L2StatusWriter {
  /** This node's statuses: the informer's view plus our writes it has not echoed yet. */
  list(fromInformer: readonly KubeObject[]): OwnStatus[];
  /** The statuses other nodes wrote, less those this node deleted. */
  others(fromInformer: readonly KubeObject[]): OtherStatus[];
  create(service: ServiceRef, interfaces: string[]): Promise<void>;
  update(name: string, service: ServiceRef, interfaces: string[]): Promise<void>;
  remove(name: string): Promise<void>;
  /** The watch saw the object deleted: whatever we wrote to it is gone. */
  forget(name: string): void;
}

/** How long a write of ours may go unechoed by the watch before the informer is trusted again. */
const OVERLAY_TTL_MS = 5_000;

export function createL2StatusWriter(kube: KubeApi, node: string, namespace: string, now: () => number = Date.now): L2StatusWriter {
  const written = new Map<string, OwnStatus & { at: number }>();
  const removed = new Set<string>();
  const statusBody = (service: ServiceRef, interfaces: string[]) => ({
    status: {
      node,
      serviceName: service.name,
      serviceNamespace: service.namespace,
      interfaces: interfaces.map((name) => ({ name })),
    },
  });

  const remember = (name: string, service: ServiceRef, interfaces: string[]) =>
    written.set(name, { name, serviceNamespace: service.namespace, serviceName: service.name, interfaces, at: now() });

  const writeStatus = async (name: string, service: ServiceRef, interfaces: string[]) => {
    try {
      // Status is a subresource on a real API server: the create body's status is dropped there.
      await patchObject(
        kube,
        RESOURCES.servicel2statuses,
        { namespace, name },
        statusBody(service, interfaces),
        { subresource: 'status' },
      );
    } catch (e) {
      written.delete(name); // the next pass plans from what the informer shows
      throw e;
    }
    remember(name, service, interfaces);
  };

  return {
    list(fromInformer) {
      const seen = new Set(fromInformer.map((o) => o.metadata.name ?? ''));
      for (const name of [...removed]) if (!seen.has(name)) removed.delete(name);
      const mine = fromInformer.filter((o) => nodeOf(o) === node);
      const out = mine.filter((o) => !removed.has(o.metadata.name ?? '')).map(toOwnStatus);
      for (const [name, { at, ...s }] of written) {
        const echoed = out.find((o) => o.name === name);
        if (echoed && echoed.interfaces.join() === s.interfaces.join()) written.delete(name);
        else if (now() - at > OVERLAY_TTL_MS) written.delete(name);
        else if (echoed) Object.assign(echoed, s);
        else if (!removed.has(name)) out.push(s);
      }
      return out;
    },
    async create(service, interfaces) {
      const created = await createObject<KubeObject>(kube, RESOURCES.servicel2statuses, {
        apiVersion: 'metallb.io/v1beta1',
        kind: 'ServiceL2Status',
        metadata: {
          generateName: 'l2-',
          namespace,
          labels: {
            [SERVICE_L2_STATUS_LABELS.node]: node,
            [SERVICE_L2_STATUS_LABELS.serviceName]: service.name,
            [SERVICE_L2_STATUS_LABELS.serviceNamespace]: service.namespace,
          },
        },
        spec: {},
        ...statusBody(service, interfaces),
      });
      const name = created.metadata.name ?? '';
      remember(name, service, interfaces);
      await writeStatus(name, service, interfaces);
    },
    others(fromInformer) {
      return fromInformer
        .filter((o) => nodeOf(o) !== node && !removed.has(o.metadata.name ?? ''))
        .map((o) => ({ ...toOwnStatus(o), node: nodeOf(o) }));
    },
    update: (name, service, interfaces) => writeStatus(name, service, interfaces),
    forget: (name) => void written.delete(name),
    async remove(name) {
      written.delete(name);
      removed.add(name);
      await deleteObject(kube, RESOURCES.servicel2statuses, { namespace, name });
    },
  };
}
