import { describe, expect, it } from 'vitest';
import { toOpError } from './errors';

const fromServer = (code: number, message: string) => ({ code, body: JSON.stringify({ kind: 'Status', message }) });

describe('toOpError', () => {
  it.each([
    ['an admission webhook denial is about the object: 422 with its words', fromServer(403, 'admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request: CIDR "x" overlaps'), 422, 'admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request: CIDR "x" overlaps'],
    ['any other 403 is about our credentials: 503', fromServer(403, 'User "system:serviceaccount:x" cannot create resource'), 503, 'the cluster refused ironlb\'s credentials: User "system:serviceaccount:x" cannot create resource'],
    ['a 422 keeps the server message', fromServer(422, 'spec.addresses: Required value'), 422, 'spec.addresses: Required value'],
  ])('%s', (_name, e, status, message) => {
    expect(toOpError(e, 'IPAddressPool x')).toMatchObject({ status, message });
  });
});
