import { describe, expect, it } from 'vitest';
import { decodeProtobufObject } from './protobuf-decode';

// Bytes kubectl 1.33 sent for `kubectl create namespace pbtest` (captured with -v=9).
const NAMESPACE = Buffer.from('6b3873000a0f0a0276311209' + '4e616d657370616365121e0a160a0670627465737412001a0022002a00320038004200120' + '01a020a001a002200', 'hex');

// `kubectl create deploy echoserver --image=cilium/echoserver --replicas=2` (1.33, -v=9).
const DEPLOYMENT = Buffer.from('6b3873000a150a07617070732f7631120a4465706c6f796d656e7412d9010a2d0a0a6563686f73657276657212001a0022002a003200380042005a11'
  + '0a03617070120a6563686f736572766572129901080212130a110a03617070120a6563686f7365727665721a780a230a0012001a0022002a003200380042005a110a03617070'
  + '120a6563686f736572766572125112330a0a6563686f736572766572121163696c69756d2f6563686f7365727665722a0042006a007200800100880100900100a201001a0032'
  + '0042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200', 'hex');
// `kubectl create secret generic memberlist -n metallb-system --from-literal=secretkey=abc` (1.33, -v=9).
const SECRET = Buffer.from('6b3873000a0c0a0276311206536563726574123e0a280a0a6d656d6265726c69737412001a0e6d6574616c6c622d73797374656d22002a003200'
  + '3800420012100a097365637265746b657912036162631a001a002200', 'hex');

const varintBytes = (v: number) => {
  const out: number[] = [];
  let n = v;
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n >>>= 7; }
  out.push(n);
  return Buffer.from(out);
};
const field = (n: number, b: Buffer) => Buffer.concat([varintBytes((n << 3) | 2), varintBytes(b.length), b]);
const str = (n: number, s: string) => field(n, Buffer.from(s));
const varint = (n: number, v: number) => Buffer.concat([varintBytes(n << 3), varintBytes(v)]);
const envelope = (kind: string, raw: Buffer, apiVersion = 'v1') => Buffer.concat([Buffer.from('k8s\u0000', 'latin1'), field(1, Buffer.concat([str(1, apiVersion), str(2, kind)])), field(2, raw)]);

describe('protobuf bodies', () => {
  it('reads the namespace kubectl 1.33 sends, dropping empty fields as JSON omits them', () => {
    expect(decodeProtobufObject(NAMESPACE)).toEqual({ ok: true, value: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pbtest' }, spec: {}, status: {} } });
  });

  it('reads a service: ports with int and named target ports, selector map, labels', () => {
    const port80 = Buffer.concat([str(1, 'http'), str(2, 'TCP'), varint(3, 80), field(4, Buffer.concat([varint(1, 1), str(3, 'web')]))]);
    const port53 = Buffer.concat([str(2, 'UDP'), varint(3, 53), field(4, Buffer.concat([varint(1, 0), varint(2, 53)]))]);
    const meta = Buffer.concat([str(1, 'svc'), field(11, Buffer.concat([str(1, 'app'), str(2, 'web')]))]);
    const spec = Buffer.concat([field(1, port80), field(1, port53), field(2, Buffer.concat([str(1, 'app'), str(2, 'web')])), str(4, 'LoadBalancer'), varint(20, 0)]);
    const out = decodeProtobufObject(envelope('Service', Buffer.concat([field(1, meta), field(2, spec)])));
    expect(out).toEqual({ ok: true, value: {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', labels: { app: 'web' } },
      spec: { ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'web' }, { protocol: 'UDP', port: 53, targetPort: 53 }], selector: { app: 'web' }, type: 'LoadBalancer', allocateLoadBalancerNodePorts: false },
    } });
  });

  it('reads the deployment of `kubectl create deploy` as its --dry-run=client JSON shows it', () => {
    const labels = { app: 'echoserver' };
    expect(decodeProtobufObject(DEPLOYMENT)).toEqual({ ok: true, value: {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'echoserver', labels },
      spec: {
        replicas: 2, selector: { matchLabels: labels }, strategy: {},
        template: { metadata: { labels }, spec: { containers: [{ name: 'echoserver', image: 'cilium/echoserver', resources: {} }] } },
      },
      status: {},
    } });
  });

  it('reads a secret with its data base64-encoded, as in JSON', () => {
    expect(decodeProtobufObject(SECRET)).toEqual({ ok: true, value: {
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'memberlist', namespace: 'metallb-system' }, data: { secretkey: 'YWJj' },
    } });
  });

  it('reads a kind kubectl create cannot make: a Lease with its times and a zero lease transition count', () => {
    const renew = Buffer.concat([varint(1, 1_800_000_000), varint(2, 123_456_000)]);
    const spec = Buffer.concat([str(1, 'node01'), varint(2, 15), field(4, renew), varint(5, 0)]);
    const out = decodeProtobufObject(envelope('Lease', Buffer.concat([field(1, str(1, 'node01')), field(2, spec)]), 'coordination.k8s.io/v1'));
    expect(out).toEqual({ ok: true, value: {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node01' },
      spec: { holderIdentity: 'node01', leaseDurationSeconds: 15, renewTime: '2027-01-15T08:00:00.123456Z', leaseTransitions: 0 },
    } });
  });

  it('reads an EndpointSlice: repeated strings, a false condition kept (a pointer in Go), a port number', () => {
    const endpoint = Buffer.concat([str(1, '192.0.2.5'), field(2, varint(1, 0)), str(6, 'node01')]);
    const port = Buffer.concat([str(1, 'http'), str(2, 'TCP'), varint(3, 8080)]);
    const raw = Buffer.concat([field(1, str(1, 'web-abc')), field(2, endpoint), field(3, port), str(4, 'IPv4')]);
    expect(decodeProtobufObject(envelope('EndpointSlice', raw, 'discovery.k8s.io/v1'))).toEqual({ ok: true, value: {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-abc' }, addressType: 'IPv4',
      endpoints: [{ addresses: ['192.0.2.5'], conditions: { ready: false }, nodeName: 'node01' }], ports: [{ name: 'http', protocol: 'TCP', port: 8080 }],
    } });
  });

  it('merges an inline Go struct into its parent, as JSON shows it (IngressRule.ingressRuleValue)', () => {
    const backend = field(4, Buffer.concat([str(1, 'web'), field(2, varint(2, 80))]));
    const path = Buffer.concat([str(1, '/'), field(2, backend), str(3, 'Prefix')]);
    const rule = Buffer.concat([str(1, 'web.example.com'), field(2, field(1, field(1, path)))]);
    const out = decodeProtobufObject(envelope('Ingress', Buffer.concat([field(1, str(1, 'web')), field(2, field(3, rule))]), 'networking.k8s.io/v1'));
    expect(out.ok && out.value.spec).toEqual({ rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] });
  });

  it.each([
    ['a kind it does not know', envelope('Widget', Buffer.alloc(0)), 'protobuf is not supported for v1 Widget; send it as JSON'],
    ['a truncated body', envelope('Service', Buffer.from([0x0a, 0x40, 0x01])), 'cannot decode protobuf body'],
    ['a body without the envelope', Buffer.from('{}'), 'not a Kubernetes protobuf envelope'],
  ])('says why it cannot read %s', (_name, body, message) => {
    const out = decodeProtobufObject(body);
    expect(out.ok ? '' : out.error).toContain(message);
  });
});
