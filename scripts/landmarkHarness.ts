/**
 * Training-time landmark harness: scripts/landmarkHarness (MediaPipe FaceLandmarker on the page) as a page harness,
 * with extra folders (model weights, images) under /files/<name>/. Kept apart from the face harness so the shared
 * test harness and the shipped worker stay free of FaceLandmarker.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPageHarness, type PageHarness } from '../test/helpers/pageHarness';
import type { LandmarkHarnessApi } from './landmarkHarness/main';

export type LandmarkHarness = PageHarness<LandmarkHarnessApi>;

const pageRoot = join(dirname(fileURLToPath(import.meta.url)), 'landmarkHarness');

export function startLandmarkHarness(mounts: Record<string, string>): Promise<LandmarkHarness> {
  const all: Record<string, string> = {};
  for (const [name, dir] of Object.entries(mounts)) all[`/files/${name}/`] = dir;
  return startPageHarness<LandmarkHarnessApi>({
    root: pageRoot,
    global: 'landmarks',
    mounts: all,
    label: 'landmark-harness',
  });
}
