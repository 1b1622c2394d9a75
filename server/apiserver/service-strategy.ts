// Service defaulting, validation and IP/port allocation, with the API server's field-error wording.
// Runs inside one synchronous write; reads the allocator's committed index, never changes it.
import { fieldErrors } from './status-errors';
import { familyOf, isInServiceRange, NODE_PORT_RANGE, normalizeIP, SERVICE_CIDRS, type IPFamily } from './service-allocator';
import { asList, asMap, asString, isMap } from './json-path';
import type { Strategy, WriteContext } from './strategy';
import type { FieldError, KubeObject } from './types';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

type Spec = Record<string, unknown>;
type Port = Record<string, unknown>;

const needsNodePorts = (spec: Spec) => spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
const isExternal = (spec: Spec) => spec.type === 'NodePort' || spec.type === 'LoadBalancer';

function applyDefaults(spec: Spec) {
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.type === 'ExternalName') return;
  spec.internalTrafficPolicy ??= 'Cluster';
  if (isExternal(spec)) spec.externalTrafficPolicy ??= 'Cluster';
  else delete spec.externalTrafficPolicy;
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  else delete spec.allocateLoadBalancerNodePorts;
  for (const port of asList(spec.ports)) {
    if (!isMap(port)) continue;
    port.protocol ??= 'TCP';
    port.targetPort ??= port.port;
  }
}

function validatePorts(spec: Spec): FieldError[] {
  const errors: FieldError[] = [];
  const ports = asList(spec.ports);
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && spec.type !== 'ExternalName' && !headless) errors.push(fieldErrors.required('spec.ports'));
  const seen = new Set<string>();
  const names = new Set<string>();
  ports.forEach((raw, i) => {
    const p = asMap(raw);
    const at = `spec.ports[${i}]`;
    if (typeof p.port !== 'number' || !Number.isInteger(p.port) || p.port < 1 || p.port > 65535) {
      errors.push(fieldErrors.invalid(`${at}.port`, p.port ?? 0, 'must be between 1 and 65535, inclusive'));
    }
    if (!PROTOCOLS.includes(String(p.protocol))) errors.push(fieldErrors.notSupported(`${at}.protocol`, p.protocol, PROTOCOLS));
    if (ports.length > 1 && !p.name) errors.push(fieldErrors.required(`${at}.name`));
    if (typeof p.name === 'string' && p.name !== '') {
      if (names.has(p.name)) errors.push(fieldErrors.duplicate(`${at}.name`, p.name));
      names.add(p.name);
    }
    const key = `${String(p.port)}/${String(p.protocol)}`;
    if (seen.has(key)) errors.push(fieldErrors.duplicate(at, { port: p.port, protocol: p.protocol }));
    seen.add(key);
  });
  return errors;
}

function defaultFamilies(spec: Spec, errors: FieldError[]) {
  const given = asList(spec.clusterIPs).filter((x): x is string => typeof x === 'string' && x !== '');
  const first = given[0] ?? asString(spec.clusterIP);
  spec.ipFamilyPolicy ??= 'SingleStack';
  if (!POLICIES.includes(String(spec.ipFamilyPolicy))) errors.push(fieldErrors.notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, POLICIES));
  const families = asList(spec.ipFamilies).filter((f): f is IPFamily => f === 'IPv4' || f === 'IPv6');
  if (families.length === 0) families.push((first && first !== 'None' ? familyOf(first) : undefined) ?? 'IPv4');
  if (spec.ipFamilyPolicy !== 'SingleStack' && families.length === 1) families.push(families[0] === 'IPv4' ? 'IPv6' : 'IPv4');
  if (spec.ipFamilyPolicy === 'SingleStack' && families.length > 1) {
    errors.push(fieldErrors.invalid('spec.ipFamilies', families, 'when multiple IP families are specified, ipFamilyPolicy must be PreferDualStack or RequireDualStack'));
  }
  spec.ipFamilies = families;
}

function assignClusterIPs(spec: Spec, old: Spec | undefined, owner: string, ctx: WriteContext, errors: FieldError[]) {
  if (spec.type === 'ExternalName') {
    delete spec.clusterIP; delete spec.clusterIPs; delete spec.ipFamilies; delete spec.ipFamilyPolicy;
    if (!asString(spec.externalName)) errors.push(fieldErrors.required('spec.externalName'));
    return;
  }
  if (old && old.clusterIP && (spec.clusterIP === undefined || spec.clusterIP === '')) {
    spec.clusterIP = old.clusterIP;
    spec.clusterIPs ??= old.clusterIPs;
    spec.ipFamilies ??= old.ipFamilies;
    spec.ipFamilyPolicy ??= old.ipFamilyPolicy;
  }
  if (spec.clusterIP === undefined && asList(spec.clusterIPs).length > 0) spec.clusterIP = asList(spec.clusterIPs)[0];
  defaultFamilies(spec, errors);
  if (old && old.clusterIP && spec.clusterIP !== old.clusterIP) {
    errors.push(fieldErrors.invalid('spec.clusterIPs[0]', spec.clusterIP, 'may not change once set'));
    return;
  }
  if (spec.clusterIP === 'None') { spec.clusterIPs = ['None']; return; }
  const families = spec.ipFamilies as IPFamily[];
  const ips = asList(spec.clusterIPs).filter((x): x is string => typeof x === 'string' && x !== '');
  if (typeof spec.clusterIP === 'string' && spec.clusterIP !== '' && ips[0] !== spec.clusterIP) ips.unshift(spec.clusterIP);
  const out: string[] = [];
  families.forEach((family, i) => {
    const wanted = ips[i];
    if (wanted === undefined) {
      const ip = ctx.allocator.allocateIP(family, owner);
      if (ip) out.push(ip);
      else if (spec.ipFamilyPolicy !== 'PreferDualStack' || i === 0) errors.push(fieldErrors.invalid('spec.clusterIPs', [], `failed to allocate IP: range is full`));
      return;
    }
    const problem = checkRequestedIP(wanted, family, owner, ctx);
    if (problem) errors.push(fieldErrors.invalid('spec.clusterIPs', ips, problem));
    out.push(normalizeIP(wanted));
  });
  spec.clusterIPs = out;
  spec.clusterIP = out[0];
}

function checkRequestedIP(ip: string, family: IPFamily, owner: string, ctx: WriteContext): string | undefined {
  if (familyOf(ip) === undefined) return 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
  if (familyOf(ip) !== family) return `expected an ${family} value as indicated by \`ipFamilies\``;
  if (!isInServiceRange(ip)) return `failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDRS[family]}`;
  if (!ctx.allocator.isIPFree(ip, owner)) return `failed to allocate IP ${ip}: provided IP is already allocated`;
  return undefined;
}

const givenNodePort = (p: Port) => (typeof p.nodePort === 'number' && p.nodePort > 0 ? p.nodePort : undefined);

/**
 * The node port an updated port keeps: the old port of the same name's (the API server maps them by
 * name, so changing only the port number keeps it), unless another new port asks for that node port
 * explicitly; an unnamed match falls back to the same port and protocol.
 */
function oldNodePort(old: Spec | undefined, port: Port, requested: Set<number>): number | undefined {
  const oldPorts = asList(old?.ports).map(asMap);
  const byName = oldPorts.find((p) => (p.name ?? '') === (port.name ?? ''));
  const named = byName && givenNodePort(byName);
  if (named !== undefined && !requested.has(named)) return named;
  const same = oldPorts.find((p) => p.port === port.port && (p.protocol ?? 'TCP') === port.protocol);
  const kept = same && givenNodePort(same);
  return kept !== undefined && !requested.has(kept) ? kept : undefined;
}

function assignNodePorts(spec: Spec, old: Spec | undefined, owner: string, ctx: WriteContext, errors: FieldError[]) {
  const ports = asList(spec.ports).filter(isMap);
  if (spec.type === 'LoadBalancer' && !needsNodePorts(spec)) return; // allocateLoadBalancerNodePorts: false keeps what was given
  if (!needsNodePorts(spec)) {
    // Changing the type away from NodePort/LoadBalancer drops the ports it had, as the API server does.
    const typeChanged = old !== undefined && needsNodePorts(old);
    ports.forEach((p, i) => {
      if (p.nodePort === undefined || p.nodePort === 0) return;
      if (typeChanged) delete p.nodePort;
      else errors.push(fieldErrors.forbidden(`spec.ports[${i}].nodePort`, `may not be used when \`type\` is '${String(spec.type)}'`));
    });
    return;
  }
  const taken = new Set<number>();
  const requested = new Set(ports.map(givenNodePort).filter((n) => n !== undefined));
  ports.forEach((p, i) => {
    if (givenNodePort(p) === undefined) p.nodePort = oldNodePort(old, p, requested);
    if (typeof p.nodePort === 'number' && p.nodePort !== 0) {
      const problem = checkRequestedPort(p.nodePort, owner, ctx);
      if (problem) errors.push(fieldErrors.invalid(`spec.ports[${i}].nodePort`, p.nodePort, problem));
      taken.add(p.nodePort);
      return;
    }
    const port = ctx.allocator.allocatePort(taken);
    if (port === undefined) { errors.push(fieldErrors.invalid(`spec.ports[${i}].nodePort`, 0, 'range is full')); return; }
    p.nodePort = port;
    taken.add(port);
  });
  assignHealthCheckPort(spec, old, owner, ctx, taken, errors);
}

function checkRequestedPort(port: number, owner: string, ctx: WriteContext): string | undefined {
  if (port < NODE_PORT_RANGE.min || port > NODE_PORT_RANGE.max) {
    return `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`;
  }
  return ctx.allocator.isPortFree(port, owner) ? undefined : 'provided port is already allocated';
}

function assignHealthCheckPort(spec: Spec, old: Spec | undefined, owner: string, ctx: WriteContext, taken: Set<number>, errors: FieldError[]) {
  if (spec.type !== 'LoadBalancer' || spec.externalTrafficPolicy !== 'Local') { delete spec.healthCheckNodePort; return; }
  spec.healthCheckNodePort ??= old?.healthCheckNodePort;
  if (typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort > 0) {
    const problem = checkRequestedPort(spec.healthCheckNodePort, owner, ctx);
    if (problem) errors.push(fieldErrors.invalid('spec.healthCheckNodePort', spec.healthCheckNodePort, problem));
    return;
  }
  spec.healthCheckNodePort = ctx.allocator.allocatePort(taken);
}

export const serviceStrategy: Strategy = {
  prepare(obj: KubeObject, old: KubeObject | undefined, ctx: WriteContext): FieldError[] {
    if (!isMap(obj.spec)) obj.spec = {};
    const spec = obj.spec as Spec;
    const oldSpec = old ? asMap(old.spec) : undefined;
    applyDefaults(spec);
    const errors: FieldError[] = [];
    if (!TYPES.includes(String(spec.type))) return [fieldErrors.notSupported('spec.type', spec.type, TYPES)];
    errors.push(...validatePorts(spec));
    if (errors.length > 0) return errors;
    const owner = `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
    assignClusterIPs(spec, oldSpec, owner, ctx, errors);
    assignNodePorts(spec, oldSpec, owner, ctx, errors);
    if (!old) obj.status = { loadBalancer: {} };
    return errors;
  },
};
