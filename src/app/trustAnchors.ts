/**
 * User-supplied C2PA trust anchors (PEM), kept in this browser's localStorage only. None are trusted by default:
 * a valid signature from an unknown signer is reported as "valid, signer not on your trust list".
 */
const KEY = 'veritas.trustAnchorsPem';
const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export function parsePemCertificates(text: string): string[] {
  return text.match(PEM) ?? [];
}

export function loadTrustAnchors(): string[] {
  try {
    return parsePemCertificates(localStorage.getItem(KEY) ?? '');
  } catch {
    return [];
  }
}

export function saveTrustAnchors(text: string): string[] {
  const certs = parsePemCertificates(text);
  localStorage.setItem(KEY, certs.join('\n'));
  return certs;
}
