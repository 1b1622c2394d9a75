import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTlsMaterial } from './certificates';

describe('the embedded server certificate', () => {
  const m = createTlsMaterial(Date.parse('2030-01-01T00:00:00Z'));
  const ca = new X509Certificate(m.caPem);
  const cert = new X509Certificate(m.certPem);

  it('is signed by its own CA, which is self-signed and a CA', () => {
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca)).toBe(true);
  });

  it('names 127.0.0.1 and localhost, and is valid for ten years from its creation', () => {
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('192.0.2.1')).toBeUndefined();
    expect(new Date(cert.validFrom).getTime()).toBeLessThan(Date.parse('2030-01-01T00:00:00Z'));
    expect(new Date(cert.validTo).getUTCFullYear()).toBe(2039);
  });

  it('uses GeneralizedTime after 2049, as RFC 5280 requires', () => {
    const late = new X509Certificate(createTlsMaterial(Date.parse('2045-06-01T00:00:00Z')).certPem);
    expect(new Date(late.validTo).getUTCFullYear()).toBe(2055);
  });
});
