/**
 * User trust anchors -> the one PEM string handed to c2pa-web. c2pa-web *fetches* a trust setting that starts with
 * "http" (and every entry of an array), so only CERTIFICATE blocks survive: URLs, keys and junk are dropped.
 * A plain scan with indexOf, linear in the input (a regex with a lazy body is quadratic on hostile text).
 */
const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';
const BODY = /^[A-Za-z0-9+/=\s]+$/;
export const MAX_ANCHORS = 200;
const MAX_TEXT = 4_000_000;
const MAX_CERT = 64 * 1024;

export function anchorPem(texts: readonly string[]): string {
  const certs: string[] = [];
  for (const raw of texts) {
    if (typeof raw !== 'string') continue;
    const t = raw.slice(0, MAX_TEXT);
    let at = t.indexOf(BEGIN);
    while (at >= 0 && certs.length < MAX_ANCHORS) {
      const end = t.indexOf(END, at + BEGIN.length);
      if (end < 0) break;
      const body = t.slice(at + BEGIN.length, end);
      // A body holding another BEGIN is a broken block: resume from that inner BEGIN.
      const inner = body.indexOf(BEGIN);
      if (inner >= 0) {
        at = at + BEGIN.length + inner;
        continue;
      }
      if (body.length <= MAX_CERT && BODY.test(body))
        certs.push(
          `${BEGIN}\n${body
            .replace(/\s+/g, '')
            .replace(/(.{64})/g, '$1\n')
            .replace(/\n$/, '')}\n${END}`,
        );
      at = t.indexOf(BEGIN, end + END.length);
    }
  }
  return certs.join('\n');
}
