/**
 * `npm run eval:provenance -- [--set manifest.tsv:root]... [--json]`
 * Issue 9's floor, through the product: of the AI files whose metadata names their generator, how many get
 * `ai_generated` >= 0.9 AND the right Hive source class, with `algorithmic_tags` filled; and how many real-world
 * signed files are judged tampered (the floor is none: these are files as their makers published them).
 *
 * Which files count is decided by readers other than ours, so a file our reader fails on is not silently dropped:
 * c2pa-node (c2pa-rs, native) for a C2PA manifest, exiftool for XMP and PNG text (a generator-naming field beside
 * an AI DigitalSourceType, Midjourney's Job ID, Stable Diffusion parameters). The right class comes from the data
 * set's own generator label, never from the metadata. Default sets: ../shared/data (manifest.tsv), ../data-extra
 * (extra.tsv, when fetched) and ../shared/fixtures/c2pa (the Sora 2 and Veo 3 clips).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SOURCE_CLASSES } from '../src/core/classes';
import { scoreOf } from '../src/core/headScores';
import type { HiveResult } from '../src/core/response';
import { mimeFromName, startAppDriver } from './appDriver';
import { readLabelledSet, type LabelledItem } from './labelledSet';
import { repoRoot } from './paths';

/**
 * Data-set generator label -> the Hive class the answer should name. training/generator_map.json first; these
 * labels it lacks (or maps for the pixel head's sake) follow issue 9: Google's image marks name no model, and the
 * Hive class for Google's image models is `imagen`; OpenAI's GPT Image models are Hive's `4o`.
 */
const OVERRIDES: Readonly<Record<string, string>> = {
  'other:gpt-image-2': '4o',
  'gpt-image-2': '4o',
  'gemini-image': 'imagen',
  gemini: 'imagen',
  'nano-banana': 'imagen',
  imagen: 'imagen',
};

interface Candidate extends LabelledItem {
  expected: string;
  why: string;
}

function args(): { sets: [string, string][]; json: boolean } {
  const a = process.argv.slice(2);
  const sets: [string, string][] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--set') {
      const [m, r] = (a[++i] ?? '').split(':');
      if (!m || !r) throw new Error('--set takes manifest.tsv:root');
      sets.push([m, r]);
    }
  }
  if (sets.length === 0) {
    const shared = join(repoRoot, '..', 'shared', 'data');
    if (existsSync(join(shared, 'manifest.tsv'))) sets.push([join(shared, 'manifest.tsv'), shared]);
    const extra = join(repoRoot, '..', 'data-extra');
    if (existsSync(extra)) sets.push([join(shared, 'extra.tsv'), extra]);
  }
  return { sets, json: a.includes('--json') };
}

const require = createRequire(import.meta.url);
type C2paNode = typeof import('@contentauth/c2pa-node');

/** c2pa-node's claim generator for the file, or '' when it holds no manifest. */
async function c2paClaim(mod: C2paNode, path: string): Promise<string> {
  const mimeType = mimeFromName(path);
  if (!mimeType) return '';
  try {
    const reader = await mod.Reader.fromAsset({ buffer: readFileSync(path), mimeType });
    if (!reader) return '';
    const active = reader.getActive() as
      { claim_generator?: string; claim_generator_info?: { name?: string }[] } | undefined;
    return active?.claim_generator ?? active?.claim_generator_info?.[0]?.name ?? 'C2PA manifest';
  } catch {
    return '';
  }
}

type Tags = Record<string, unknown>;

/** exiftool's reading of XMP and PNG text, in batches (one process per 200 files). */
function exiftool(paths: string[]): Map<string, Tags> {
  const out = new Map<string, Tags>();
  for (let i = 0; i < paths.length; i += 200) {
    const batch = paths.slice(i, i + 200);
    let text: string;
    try {
      text = execFileSync(
        'exiftool',
        ['-j', '-a', '-G1', '-XMP:all', '-PNG:all', '-EXIF:Software', '-EXIF:ImageDescription', ...batch],
        { maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] },
      ).toString('utf8');
    } catch (e) {
      // exiftool exits 1 when some file has no tag asked for; its JSON is still on stdout.
      const stdout = (e as { stdout?: Buffer }).stdout;
      if (stdout === undefined)
        throw new Error('exiftool is needed to pick the files (apt-get install -y libimage-exiftool-perl)', {
          cause: e,
        });
      text = stdout.toString('utf8') || '[]';
    }
    for (const t of JSON.parse(text) as Tags[]) out.set(String(t.SourceFile), t);
  }
  return out;
}

const field = (t: Tags, re: RegExp): string =>
  Object.entries(t)
    .filter(([k]) => re.test(k))
    .map(([, v]) => String(v))
    .join(' | ');

/** Why exiftool says the file's metadata names its generator, or '' when it does not. */
function namedByXmpOrText(t: Tags): string {
  const dst = field(t, /DigitalSourceType$/);
  const naming = field(t, /(:Credit|:CreatorTool|:Software|:Author|:Description|:ImageDescription)$/);
  if (/trainedAlgorithmicMedia/i.test(dst) && naming !== '') return `XMP DigitalSourceType + "${naming.slice(0, 60)}"`;
  if (/Job ID:\s*[0-9a-f-]{36}/i.test(naming)) return 'Midjourney Job ID';
  if (/Steps:\s*\d+/.test(field(t, /:Parameters$/))) return 'SD parameters';
  if (field(t, /:(Prompt|Workflow)$/) !== '') return 'ComfyUI graph';
  return '';
}

async function main(): Promise<number> {
  const { sets, json } = args();
  const map = {
    ...(JSON.parse(readFileSync(join(repoRoot, 'training', 'generator_map.json'), 'utf8')) as Record<string, string>),
    ...OVERRIDES,
  };
  const items = sets.flatMap(([m, r]) => readLabelledSet(m, r)).filter((i) => i.ai && existsSync(i.path));
  const fixtures = join(repoRoot, '..', 'shared', 'fixtures', 'c2pa');
  for (const [f, g] of [
    ['sora2_openai_truepic.mp4', 'sora'],
    ['veo3_google.mp4', 'veo3'],
  ] as const) {
    if (existsSync(join(fixtures, f)))
      items.push({ path: join(fixtures, f), ai: true, generator: g, source: 'shared/fixtures' });
  }
  const mod = require('@contentauth/c2pa-node') as C2paNode;
  const xmp = exiftool(items.map((i) => i.path));
  const picked: Candidate[] = [];
  for (const it of items) {
    const claim = await c2paClaim(mod, it.path);
    const why = claim ? `C2PA (${claim})` : namedByXmpOrText(xmp.get(it.path) ?? {});
    const expected = map[it.generator];
    if (why !== '' && expected !== undefined && (SOURCE_CLASSES as readonly string[]).includes(expected))
      picked.push({ ...it, expected, why });
  }
  process.stderr.write(`${picked.length} of ${items.length} AI files carry metadata naming their generator\n`);

  const driver = await startAppDriver({ files: picked.map((p) => p.path), faces: false, metadata: true });
  const rows: {
    item: Candidate;
    ai: number;
    top: string;
    tags: boolean;
    state: string;
    failures: string;
    ok: boolean;
    error: string;
  }[] = [];
  try {
    for (let i = 0; i < picked.length; i++) {
      const item = picked[i]!;
      const r: HiveResult = await driver.analyze(i);
      const entry = r.status[0]!;
      const out = entry.response.output[0];
      // A video's verdict is its summary over the sampled frames; an image's is its one output.
      const classes = (entry.response.summary ?? out)?.classes ?? [];
      const top =
        classes
          .filter((c) => (SOURCE_CLASSES as readonly string[]).includes(c.class))
          .sort((a, b) => b.score - a.score)[0]?.class ?? '';
      const tagValues = out
        ? [
            ...Object.values(out.algorithmic_tags.c2pa),
            ...Object.values(out.algorithmic_tags.xmp),
            ...Object.values(out.algorithmic_tags.exif),
          ]
        : [];
      const c2pa = (
        entry.response.provenance as { c2pa?: { validation?: { state?: string; failures?: string[] } } } | undefined
      )?.c2pa;
      const ai = scoreOf(classes, 'ai_generated');
      const tags = tagValues.some((v) => v !== '');
      rows.push({
        item,
        ai,
        top,
        tags,
        state: c2pa?.validation?.state ?? '',
        failures: (c2pa?.validation?.failures ?? []).join(','),
        ok: entry.status.code === '0' && ai >= 0.9 && top === item.expected && tags,
        error: entry.status.code === '0' ? '' : entry.status.message,
      });
      process.stderr.write(`\r[${i + 1}/${picked.length}]`);
    }
  } finally {
    await driver.close();
  }
  process.stderr.write('\n');
  const byGenerator = new Map<string, typeof rows>();
  for (const r of rows) byGenerator.set(r.item.generator, [...(byGenerator.get(r.item.generator) ?? []), r]);
  const report = {
    files: rows.length,
    passed: rows.filter((r) => r.ok).length,
    pass_rate: rows.length ? rows.filter((r) => r.ok).length / rows.length : Number.NaN,
    // Files whose manifest does not verify (c2pa-rs: the bytes changed after signing) lose their claims by design;
    // the rate over the others says how well the product uses metadata that does verify.
    verified: rows.filter((r) => r.state !== 'Invalid').length,
    verified_passed: rows.filter((r) => r.state !== 'Invalid' && r.ok).length,
    judged_tampered: rows.filter((r) => r.state === 'Invalid').map((r) => `${r.item.path} (${r.failures})`),
    states: Object.fromEntries(
      [...new Set(rows.map((r) => r.state || 'no C2PA'))].map((s) => [
        s,
        rows.filter((r) => (r.state || 'no C2PA') === s).length,
      ]),
    ),
    per_generator: Object.fromEntries(
      [...byGenerator].map(([g, v]) => [
        g,
        { n: v.length, passed: v.filter((r) => r.ok).length, expected: v[0]?.item.expected },
      ]),
    ),
    failures: rows
      .filter((r) => !r.ok)
      .map((r) => ({
        path: r.item.path,
        why: r.item.why,
        expected: r.item.expected,
        top: r.top,
        ai: Number(r.ai.toFixed(3)),
        tags: r.tags,
        state: r.state,
        error: r.error,
      })),
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  }
  console.log(
    `${report.passed}/${report.files} (${(report.pass_rate * 100).toFixed(1)}%) get ai_generated >= 0.9, the right source class and algorithmic_tags`,
  );
  console.log(`${report.verified_passed}/${report.verified} of those whose metadata verifies (C2PA not Invalid)`);
  console.log(
    `judged tampered (integrity failure reported by c2pa-rs): ${report.judged_tampered.length}; C2PA states: ${JSON.stringify(report.states)}`,
  );
  for (const t of report.judged_tampered) console.log(`tampered: ${t}`);
  for (const [g, v] of Object.entries(report.per_generator))
    console.log(`${g.padEnd(24)} ${String(v.passed).padStart(4)}/${v.n}  (expected ${v.expected})`);
  for (const f of report.failures) console.log(`miss: ${JSON.stringify(f)}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`eval:provenance failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
