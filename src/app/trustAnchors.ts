/**
 * User-supplied C2PA trust anchors (PEM), kept in this browser's localStorage only. They add to the C2PA Trust List
 * shipped with the app (src/provenance/trustList/); a valid signature from a signer on neither is reported as
 * "valid signature, signer not on your trust lists".
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
