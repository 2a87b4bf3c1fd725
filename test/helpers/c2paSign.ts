/**
 * Signs test fixtures at test time with @contentauth/c2pa-node 0.5.5 and a CA -> leaf chain made with OpenSSL
 * (a self-signed leaf is rejected). Nothing signed is committed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Builder, LocalSigner } from '@contentauth/c2pa-node';

export interface TestChain {
  chainPem: Buffer;
  keyPem: Buffer;
  caPem: string;
}

export function makeChain(): TestChain {
  const dir = mkdtempSync(join(tmpdir(), 'veritas-pki-'));
  const ossl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  writeFileSync(join(dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n');
  writeFileSync(
    join(dir, 'leaf.ext'),
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=emailProtection\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  );
  ossl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
  ossl('req', '-new', '-x509', '-key', 'ca.key', '-days', '30', '-subj', '/CN=Veritas Test Root CA/O=Veritas Lens tests', '-out', 'ca.pem', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  ossl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'leaf.ec.key');
  ossl('pkcs8', '-topk8', '-nocrypt', '-in', 'leaf.ec.key', '-out', 'leaf.key');
  ossl('req', '-new', '-key', 'leaf.key', '-subj', '/CN=Veritas Test Signer/O=Veritas Lens tests', '-out', 'leaf.csr');
  ossl('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-extfile', 'leaf.ext', '-out', 'leaf.pem');
  const ca = readFileSync(join(dir, 'ca.pem'), 'utf8');
  return { chainPem: Buffer.from(readFileSync(join(dir, 'leaf.pem'), 'utf8') + ca), keyPem: readFileSync(join(dir, 'leaf.key')), caPem: ca };
}

export interface SignOptions {
  claimGenerator: string;
  softwareAgent: string;
  digitalSourceType: string;
}

export function signJpeg(chain: TestChain, jpeg: Buffer, o: SignOptions): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'veritas-sign-'));
  const builder = Builder.withJson({
    claim_generator_info: [{ name: o.claimGenerator, version: '1.0' }],
    title: 'signed.jpg',
    format: 'image/jpeg',
    assertions: [{ label: 'c2pa.actions', data: { actions: [{ action: 'c2pa.created', softwareAgent: { name: o.softwareAgent }, digitalSourceType: o.digitalSourceType }] } }],
  });
  const signer = LocalSigner.newSigner(chain.chainPem, chain.keyPem, 'es256');
  const out = join(dir, 'signed.jpg');
  builder.sign(signer, { buffer: jpeg, mimeType: 'image/jpeg' }, { path: out });
  return readFileSync(out);
}
