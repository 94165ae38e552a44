import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface HubCert {
  key: string;
  cert: string;
  /** SHA-256 of the DER certificate, as uppercase hex pairs joined by colons (what Node and browsers show). */
  fingerprint: string;
}

const KEY_FILE = 'hub-key.pem';
const CERT_FILE = 'hub-cert.pem';
const VALID_YEARS = 10;

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** Compares fingerprints however they were typed (case, colons, spaces). */
export function sameFingerprint(a: string, b: string): boolean {
  const n = (s: string) => s.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return n(a).length === 64 && n(a) === n(b);
}

function writeOwnerOnly(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/**
 * The hub's certificate, made at the first start and kept in `<data>/hub` (a 0700 folder, 0600
 * files). Desks trust it by its fingerprint, not by a CA: the coordinator reads the fingerprint on
 * the hub's screen and the desk's user compares it, so the name in it does not matter (a hub whose
 * address changes keeps its certificate). The key is P-256 from node:crypto.
 */
export async function ensureHubCert(dataDir: string, now: Date = new Date()): Promise<HubCert> {
  const dir = path.join(dataDir, 'hub');
  const keyFile = path.join(dir, KEY_FILE);
  const certFile = path.join(dir, CERT_FILE);
  if (fs.existsSync(keyFile) && fs.existsSync(certFile)) {
    const key = fs.readFileSync(keyFile, 'utf8');
    const cert = fs.readFileSync(certFile, 'utf8');
    return { key, cert, fingerprint: fingerprintOf(cert) };
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + VALID_YEARS);
  // Loaded only here: the X.509 builder is heavy and every CLI command would pay for it at start.
  const { generate } = await import('selfsigned');
  const made = await generate([{ name: 'commonName', value: 'VaxDesk hub' }], {
    keyType: 'ec',
    keyPair: { privateKey, publicKey },
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'vaxdesk-hub' }] },
    ],
  });
  writeOwnerOnly(keyFile, privateKey);
  writeOwnerOnly(certFile, made.cert);
  return { key: privateKey, cert: made.cert, fingerprint: fingerprintOf(made.cert) };
}
