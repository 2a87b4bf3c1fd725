/**
 * The face harness: test/faces/harness (the shipped face detector and deepfake head in a worker) as a page harness,
 * with the models under /models/ and any extra folders under /files/<name>/. Used by the browser tests,
 * scripts/bench-faces.ts and training/deepfake's face cache.
 */
import { join } from 'node:path';
import type { FaceHarnessApi } from '../../workers/faces/harness.worker';
import { startPageHarness, type PageHarness } from '../helpers/pageHarness';
import { repoRoot } from '../helpers/shared';

export type FaceHarness = PageHarness<FaceHarnessApi>;

export function startFaceHarness(mounts: Record<string, string> = {}): Promise<FaceHarness> {
  const all: Record<string, string> = { '/models/': join(repoRoot, 'public/models') };
  for (const [name, dir] of Object.entries(mounts)) all[`/files/${name}/`] = dir;
  return startPageHarness<FaceHarnessApi>({
    root: join(repoRoot, 'test/faces/harness'),
    global: 'faces',
    mounts: all,
    label: 'faces-harness',
  });
}
