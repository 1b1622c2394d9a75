// One edit of a MetalLB resource from a dashboard form, with the concurrency the user expects:
// - `generation` (what the forms send): 409 only when someone changed the spec since the form
//   opened. The controller's own status writes move resourceVersion every time an IP is handed
//   out, and must not turn an edit into "changed by someone else".
// - `resourceVersion` (the API's strict option, as in Kubernetes): any change since is a 409.
// - neither: last write wins, retried over concurrent status writes.
// The answer carries the object as it was just before the write that succeeded and as written,
// for the audit (lib/contract: Audited).
import { replaceObject, updateWithRetry } from '../../kube/objects';
import { RESOURCES } from '../../kube/resources';
import type { KubeObject } from '../../kube/types';
import type { Audited, EditSince } from '../../../lib/contract/worker-ops';
import { OpError } from '../../http/op-error';
import type { Dashboard } from '../dashboard';
import { callCluster, notFound } from '../errors';

export type { EditSince };

export async function editResource<T extends KubeObject>(
  dash: Dashboard,
  kind: 'ipaddresspools' | 'l2advertisements',
  what: string,
  name: string,
  since: EditSince,
  merge: (current: T) => T,
): Promise<Audited<T>> {
  const ref = RESOURCES[kind];
  const target = { namespace: dash.systemNamespace, name };
  if (since.resourceVersion) {
    const current = dash.cache.informer(kind).get(`${dash.systemNamespace}/${name}`) as T | undefined;
    if (!current) throw notFound(what);
    const next = merge(current);
    next.metadata = { ...next.metadata, resourceVersion: since.resourceVersion };
    const written = await callCluster(what, () => replaceObject(dash.kube, ref, next));
    return { answer: written, before: current, after: written };
  }
  let before: T | undefined;
  const outcome = await callCluster(what, () =>
    updateWithRetry<T>(dash.kube, ref, target, (current) => {
      const now = current.metadata.generation;
      if (since.generation !== undefined && now !== undefined && now !== since.generation) {
        throw new OpError(409, 'Conflict', `${what} was changed by someone else since you opened it (generation ${since.generation}, now ${now}): reload and try again`);
      }
      before = current; // the last attempt's read is the one the write replaced
      return merge(current);
    }),
  );
  if (outcome.outcome === 'notFound') throw notFound(what);
  return { answer: outcome.object, before: before ?? null, after: outcome.object };
}
