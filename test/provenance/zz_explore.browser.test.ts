import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { startReaderHarness } from '../fixtures-gen/readerHarness';
const dirs = ['/work/shared/data/b2/yihong_daily/2024/bing', '/work/shared/data/b2/yihong_daily/2023/bing', '/work/data-extra/2024', '/work/shared/data/b2/firefly_adobedocs', '/work/data-extra/b7/firefly-api-articles', '/work/data-extra/b7/firefly-services-preso'];
it('explore', async () => {
  const h = await startReaderHarness();
  const out: string[] = [];
  for (const d of dirs) for (const f of readdirSync(d, { recursive: true }) as string[]) {
    const n = `${d}/${f}`;
    if (!/\.(jpe?g|png)$/i.test(n)) continue;
    const b = readFileSync(n);
    const mime = n.endsWith('png') ? 'image/png' : 'image/jpeg';
    const r = await h.read(h.host('x' + Math.random() + (mime === 'image/png' ? '.png' : '.jpg'), b), mime, {}, 'bytes');
    const v = r.report?.c2pa?.validation;
    out.push([n, v?.state ?? 'none', (v?.failures ?? []).join(','), (v?.credential_failures ?? []).join(','), r.report?.c2pa?.claim_generator ?? ''].join('\t'));
  }
  writeFileSync('/tmp/states.tsv', out.join('\n') + '\n');
  await h.close();
}, 900_000);
