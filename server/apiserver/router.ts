// URL path -> what is being asked: a discovery document, or a resource (namespace, name, subresource).
// Pure; knows the registry but nothing of verbs or bodies.
import type { Registry, ResourceDef } from './registry';

export type Route =
  | { kind: 'root' | 'version' | 'api' | 'apis' | 'health' | 'openapi-v2' | 'openapi-v3' | 'not-found' }
  | { kind: 'openapi-v3-doc'; path: string }
  | { kind: 'group'; group: string }
  | { kind: 'group-version'; group: string; version: string }
  | { kind: 'resource'; def: ResourceDef; namespace?: string; name?: string; subresource?: 'status' | 'scale'; watchPath: boolean };

const NOT_FOUND: Route = { kind: 'not-found' };

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function route(registry: Registry, pathname: string): Route {
  const raw = pathname.split('/').filter((s) => s !== '');
  const segs = raw.map(decode);
  if (segs.some((s) => s === undefined)) return NOT_FOUND;
  const s = segs as string[];
  if (s.length === 0) return { kind: 'root' };
  if (s[0] === 'version' && s.length === 1) return { kind: 'version' };
  if (['healthz', 'livez', 'readyz'].includes(s[0])) return { kind: 'health' };
  if (s[0] === 'openapi') {
    if (s.length === 2 && s[1] === 'v2') return { kind: 'openapi-v2' };
    if (s[1] === 'v3') return s.length === 2 ? { kind: 'openapi-v3' } : { kind: 'openapi-v3-doc', path: s.slice(2).join('/') };
    return NOT_FOUND;
  }
  if (s[0] === 'api') {
    if (s.length === 1) return { kind: 'api' };
    if (s[1] !== 'v1') return NOT_FOUND;
    return s.length === 2 ? { kind: 'group-version', group: '', version: 'v1' } : routeResource(registry, '', 'v1', s.slice(2));
  }
  if (s[0] === 'apis') {
    if (s.length === 1) return { kind: 'apis' };
    if (s.length === 2) return { kind: 'group', group: s[1] };
    if (s.length === 3) return { kind: 'group-version', group: s[1], version: s[2] };
    return routeResource(registry, s[1], s[2], s.slice(3));
  }
  return NOT_FOUND;
}

function routeResource(registry: Registry, group: string, version: string, segments: string[]): Route {
  let rest = segments;
  const watchPath = rest[0] === 'watch';
  if (watchPath) rest = rest.slice(1);
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const def = registry.find(group, version, rest[2]);
    if (def && def.namespaced) return finish(def, rest[1], rest.slice(3), watchPath);
    if (rest.length > 3 || !(rest[2] === 'status' || rest[2] === 'finalize')) return NOT_FOUND;
  }
  const def = registry.find(group, version, rest[0]);
  if (!def) return NOT_FOUND;
  return finish(def, undefined, rest.slice(1), watchPath);
}

function finish(def: ResourceDef, namespace: string | undefined, rest: string[], watchPath: boolean): Route {
  if (rest.length > 2) return NOT_FOUND;
  const [name, sub] = rest;
  if (sub !== undefined && !(sub === 'status' && def.hasStatus) && !(sub === 'scale' && def.scale)) return NOT_FOUND;
  if (def.review && (name !== undefined || watchPath)) return NOT_FOUND;
  return { kind: 'resource', def, namespace, name, subresource: sub === 'status' || sub === 'scale' ? sub : undefined, watchPath };
}
