/**
 * C2PA fixtures signed at test time: a CA -> leaf chain made with OpenSSL (c2pa-rs rejects a self-signed leaf,
 * ../shared/PITFALLS.md) and @contentauth/c2pa-node 0.5.5 (installed with --ignore-scripts; its prebuilt
 * `dist/index.node` ships inside the package). Nothing signed is committed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TRAINED = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';
export const COMPOSITE = 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia';
export const ALGORITHMIC = 'http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia';
export const CAPTURE = 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture';

export interface TestChain {
  /** Leaf then CA, PEM. */
  chainPem: Buffer;
  keyPem: Buffer;
  /** The CA alone: what a user would add as a trust anchor. */
  caPem: string;
}

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

type C2paNode = typeof import('@contentauth/c2pa-node');

/** Loads c2pa-node if its native binary works here; null (with the reason) otherwise. */
function loadC2paNode(): { mod: C2paNode | null; reason: string } {
  try {
    const require = createRequire(import.meta.url);
    return { mod: require('@contentauth/c2pa-node') as C2paNode, reason: '' };
  } catch (e) {
    return { mod: null, reason: e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e) };
  }
}

const loaded = loadC2paNode();
const opensslHere = hasOpenssl();
/** Why signing is impossible here, or '' when it works. */
export const SIGNING_UNAVAILABLE = !opensslHere
  ? 'openssl is not installed'
  : loaded.mod === null
    ? `@contentauth/c2pa-node does not load: ${loaded.reason}`
    : '';
export const canSign = SIGNING_UNAVAILABLE === '';

/**
 * A CA -> leaf chain. `leafSeconds` makes a leaf that expires that many seconds from now (through `openssl ca`,
 * which takes an exact end date): c2pa-rs refuses to sign with an expired certificate, so an "expired credential"
 * fixture is signed inside the window and read after it has closed.
 */
export function makeChain(name = 'Veritas Test Signer', leafSeconds?: number): TestChain {
  const dir = mkdtempSync(join(tmpdir(), 'veritas-pki-'));
  const ossl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  writeFileSync(
    join(dir, 'leaf.ext'),
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=emailProtection\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  );
  ossl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
  ossl(
    'req',
    '-new',
    '-x509',
    '-key',
    'ca.key',
    '-days',
    '30',
    '-subj',
    '/CN=Veritas Test Root CA/O=Veritas Lens tests',
    '-out',
    'ca.pem',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  ossl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'leaf.ec.key');
  ossl('pkcs8', '-topk8', '-nocrypt', '-in', 'leaf.ec.key', '-out', 'leaf.key');
  ossl('req', '-new', '-key', 'leaf.key', '-subj', `/CN=${name}/O=Veritas Lens tests`, '-out', 'leaf.csr');
  if (leafSeconds === undefined) {
    ossl(
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '30',
      '-extfile',
      'leaf.ext',
      '-out',
      'leaf.pem',
    );
  } else {
    const asn1 = (d: Date): string => `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '01\n');
    writeFileSync(
      join(dir, 'ca.cnf'),
      '[ca]\ndefault_ca=c\n[c]\ndatabase=index.txt\nserial=serial\nnew_certs_dir=.\ndefault_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\norganizationName=optional\n',
    );
    ossl(
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-cert',
      'ca.pem',
      '-keyfile',
      'ca.key',
      '-in',
      'leaf.csr',
      '-out',
      'leaf.pem',
      '-notext',
      '-extfile',
      'leaf.ext',
      '-startdate',
      asn1(new Date(Date.now() - 3_600_000)),
      '-enddate',
      asn1(new Date(Date.now() + leafSeconds * 1000)),
    );
  }
  const ca = readFileSync(join(dir, 'ca.pem'), 'utf8');
  return {
    chainPem: Buffer.from(readFileSync(join(dir, 'leaf.pem'), 'utf8') + ca),
    keyPem: readFileSync(join(dir, 'leaf.key')),
    caPem: ca,
  };
}

export interface ManifestSpec {
  /** Goes into claim_generator_info[0].name. */
  claimGenerator: string;
  /** Assertion label: v1 `c2pa.actions` or v2 `c2pa.actions.v2`. */
  actionsLabel?: 'c2pa.actions' | 'c2pa.actions.v2';
  actions: { action: string; softwareAgent?: string; digitalSourceType?: string; description?: string }[];
  title?: string;
}

/** Signs `bytes` (of MIME type `mime`) and returns the signed file. Throws when signing is unavailable. */
export function signAsset(chain: TestChain, bytes: Uint8Array, mime: string, spec: ManifestSpec): Buffer {
  if (!loaded.mod) throw new Error(SIGNING_UNAVAILABLE);
  const { Builder, LocalSigner } = loaded.mod;
  const dir = mkdtempSync(join(tmpdir(), 'veritas-sign-'));
  const ext = mime.split('/')[1]?.replace('quicktime', 'mov').replace('jpeg', 'jpg') ?? 'bin';
  const builder = Builder.withJson({
    claim_generator_info: [{ name: spec.claimGenerator, version: '1.0' }],
    title: spec.title ?? `signed.${ext}`,
    format: mime,
    assertions: [
      {
        label: spec.actionsLabel ?? 'c2pa.actions',
        data: {
          actions: spec.actions.map((a) => ({
            ...a,
            ...(a.softwareAgent !== undefined ? { softwareAgent: { name: a.softwareAgent } } : {}),
          })),
        },
      },
    ],
  });
  const signer = LocalSigner.newSigner(chain.chainPem, chain.keyPem, 'es256');
  const out = join(dir, `signed.${ext}`);
  builder.sign(signer, { buffer: Buffer.from(bytes), mimeType: mime }, { path: out });
  if (!existsSync(out)) throw new Error(`c2pa-node wrote nothing for ${mime}`);
  return readFileSync(out);
}
