import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { startReaderHarness } from '../fixtures-gen/readerHarness';
it('explore', async () => {
  const h = await startReaderHarness();
  const ca = readFileSync('/tmp/pki/ca.pem', 'utf8');
  const cases: [string, string, string[]][] = [['sora2_openai_truepic.mp4','video/mp4',[]], ['veo3_google.mp4','video/mp4',[]], ['C.jpg','image/jpeg',[]]];
  for (const [n, mime, anchors] of cases) {
    const b = readFileSync(n.startsWith('/') ? n : '/work/shared/fixtures/c2pa/' + n);
    const r = await h.read(h.host('x' + Math.random(), b), mime, { trustAnchorsPem: anchors }, 'bytes');
    const st = r.report?.manifestStore as any;
    console.log(n, JSON.stringify(r.report?.c2pa?.validation), JSON.stringify(r.report?.evidence), explain(r));
  }
  await h.close();
}, 300_000);
import { explainC2pa } from '../../src/provenance/c2paSummary';
const explain = (r: any) => r.report?.c2pa ? explainC2pa(r.report.c2pa) : '';
