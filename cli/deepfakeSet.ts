/**
 * Which files `npm run eval:deepfake` scores, and as what. Read from the training data's manifests (columns `path`,
 * `label`, `generator`, `source_repo`) and the deepfake head's committed split file (training/deepfake/split.tsv):
 * - a `deepfake` row is a fake unless the split file puts it on the `train` side: heads up to v6 learnt from their own
 *   pseudo-fakes only, so every fake was unseen; a fold model of v10 learnt from the other fold's fakes, and its
 *   split file (training/deepfake/folds.py --split-for) marks those `train`. eval / eval_new do not matter here;
 * - a `real` row is a real unless the split file puts it on the `train` side (faces the head learnt from);
 * - with `portraitSplit`, the `ai` rows that file puts on its `val` side are scored too, as `portrait`: generated
 *   pictures of people must not be called deepfakes (issue 11), so their `deepfake` score is measured apart.
 * The cluster of a row is its repository and method together: two methods published in one repository (FaceForensics
 * Deepfakes and FaceSwap in icpr2020dfdc) are different draws of "a fake the head has never seen".
 */
import { join } from 'node:path';
import { readManifestRows } from './labelledSet';
import type { SplitRow } from './splitFile';

export type DeepfakeKind = 'fake' | 'real' | 'portrait';

export interface DeepfakeItem {
  path: string;
  /** Path as the manifest wrote it (relative to its root): what the split files name. */
  relPath: string;
  kind: DeepfakeKind;
  /** The manifest's generator column: the face-swap or talking-head method, `camera`..., or the image generator. */
  method: string;
  source: string;
}

export function clusterOf(item: Pick<DeepfakeItem, 'source' | 'method' | 'path'>): string {
  return `${item.source || item.path}|${item.method}`;
}

export function readDeepfakeSet(
  sets: readonly { manifest: string; root: string }[],
  deepfakeSplit: readonly SplitRow[],
  portraitSplit: readonly SplitRow[] | null = null,
): DeepfakeItem[] {
  const trained = new Set(deepfakeSplit.filter((r) => r.split === 'train').map((r) => r.path));
  const portraits = portraitSplit ? new Set(portraitSplit.filter((r) => r.split === 'val').map((r) => r.path)) : null;
  const out: DeepfakeItem[] = [];
  for (const { manifest, root } of sets) {
    for (const { relPath, label, generator, source } of readManifestRows(manifest)) {
      let kind: DeepfakeKind | null = null;
      if (label === 'deepfake' && !trained.has(relPath)) kind = 'fake';
      else if (label === 'real' && !trained.has(relPath)) kind = 'real';
      else if (label === 'ai' && portraits?.has(relPath)) kind = 'portrait';
      if (kind !== null) out.push({ path: join(root, relPath), relPath, kind, method: generator, source });
    }
  }
  return out;
}
