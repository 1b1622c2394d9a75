import { describe, expect, it } from 'vitest';
import { decodeProtobufObject } from './protobuf-decode';

// Bytes kubectl 1.33 sent for `kubectl create namespace pbtest` (captured with -v=9).
const NAMESPACE = Buffer.from('6b3873000a0f0a0276311209' + '4e616d657370616365121e0a160a0670627465737412001a0022002a00320038004200120' + '01a020a001a002200', 'hex');

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
const envelope = (kind: string, raw: Buffer) => Buffer.concat([Buffer.from('k8s\u0000', 'latin1'), field(1, Buffer.concat([str(1, 'v1'), str(2, kind)])), field(2, raw)]);

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

  it.each([
    ['a kind it does not know', envelope('Secret', Buffer.alloc(0)), 'protobuf is supported only for v1 Namespace, ConfigMap, Service'],
    ['a truncated body', envelope('Service', Buffer.from([0x0a, 0x40, 0x01])), 'cannot decode protobuf body'],
    ['a body without the envelope', Buffer.from('{}'), 'not a Kubernetes protobuf envelope'],
  ])('says why it cannot read %s', (_name, body, message) => {
    const out = decodeProtobufObject(body);
    expect(out.ok ? '' : out.error).toContain(message);
  });
});
