// A private CA and a 127.0.0.1 server certificate (ECDSA P-256), made once per data dir.
// kubectl sends bearer tokens only over TLS (kubernetes/kubectl#744), so the kubeconfig points at https.
import { createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bitString, boolean, contextTag, objectIdentifier, octetString, sequence, set, smallInteger, time, unsignedInteger, utf8String } from './der';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

const YEAR_MS = 365 * 24 * 3600 * 1000;

interface CertSpec {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signingKey: KeyObject;
  extensions: Buffer[];
  now: number;
}

const name = (cn: string) => sequence(set(sequence(objectIdentifier(OID.commonName), utf8String(cn))));
const extension = (oid: string, critical: boolean, value: Buffer) =>
  sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));

function buildCertificate(spec: CertSpec): Buffer {
  const algorithm = sequence(objectIdentifier(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const tbs = sequence(
    contextTag(0, smallInteger(2), true), // v3
    unsignedInteger(serial),
    algorithm,
    name(spec.issuer),
    sequence(time(new Date(spec.now - 3600 * 1000)), time(new Date(spec.now + 10 * YEAR_MS))),
    name(spec.subject),
    spec.publicKey.export({ type: 'spki', format: 'der' }),
    contextTag(3, sequence(...spec.extensions), true),
  );
  return sequence(tbs, algorithm, bitString(sign('sha256', tbs, spec.signingKey)));
}

const toPem = (label: string, der: Buffer) => `-----BEGIN ${label}-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;

export interface TlsMaterial {
  caPem: string;
  certPem: string;
  keyPem: string;
}

export function createTlsMaterial(now: number): TlsMaterial {
  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const server = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caCert = buildCertificate({
    subject: 'ironlb-embedded-ca', issuer: 'ironlb-embedded-ca', publicKey: ca.publicKey, signingKey: ca.privateKey, now,
    extensions: [
      extension(OID.basicConstraints, true, sequence(boolean(true))),
      extension(OID.keyUsage, true, bitString(Buffer.from([0x06]), 1)), // keyCertSign, cRLSign
    ],
  });
  const serverCert = buildCertificate({
    subject: 'ironlb-embedded', issuer: 'ironlb-embedded-ca', publicKey: server.publicKey, signingKey: ca.privateKey, now,
    extensions: [
      extension(OID.basicConstraints, true, sequence()),
      extension(OID.keyUsage, true, bitString(Buffer.from([0x80]), 7)), // digitalSignature
      extension(OID.extKeyUsage, false, sequence(objectIdentifier(OID.serverAuth))),
      extension(OID.subjectAltName, false, sequence(contextTag(2, Buffer.from('localhost'), false), contextTag(7, Buffer.from([127, 0, 0, 1]), false))),
    ],
  });
  return {
    caPem: toPem('CERTIFICATE', caCert),
    certPem: toPem('CERTIFICATE', serverCert),
    keyPem: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Reads `<dataDir>/tls/*`, creating it on first use; the CA stays stable so kubeconfigs keep working. */
export function loadOrCreateTls(dataDir: string, now: number): TlsMaterial {
  const dir = join(dataDir, 'tls');
  const paths = { caPem: join(dir, 'ca.crt'), certPem: join(dir, 'server.crt'), keyPem: join(dir, 'server.key') };
  if (Object.values(paths).every((p) => existsSync(p))) {
    const m = { caPem: readFileSync(paths.caPem, 'utf8'), certPem: readFileSync(paths.certPem, 'utf8'), keyPem: readFileSync(paths.keyPem, 'utf8') };
    createPrivateKey(m.keyPem); // fail early on a damaged key
    return m;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const m = createTlsMaterial(now);
  writeFileSync(paths.caPem, m.caPem, { mode: 0o644 });
  writeFileSync(paths.certPem, m.certPem, { mode: 0o644 });
  writeFileSync(paths.keyPem, m.keyPem, { mode: 0o600 });
  return m;
}
