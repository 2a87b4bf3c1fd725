/** User settings, kept apart from detected capabilities (STYLE.md §5). Read from the URL so the CLI can set them. */
import type { ClientSettings } from './detectorClient';

export interface Settings {
  backend: string;
  metadata: boolean;
  /** Faces and the deepfake head (`?faces=0`; CLI `--no-faces`). */
  faces: boolean;
  /** Classifier crops per image (`?crops=1..5`; CLI `--crops`; default PHOTO_CROPS = 3): fewer is faster and looks at less of the image. */
  crops: number | null;
  /** Video sampling: frames per second and the cap on frames (`?fps=`, `?maxFrames=`; CLI `--fps`). */
  fps: number;
  maxFrames: number;
  /** C2PA trust anchors the user added (PEM), from localStorage. */
  trustAnchorsPem?: string[];
}

function positive(value: string | null, fallback: number, max: number): number {
  const n = Number(value);
  return value !== null && Number.isFinite(n) && n > 0 ? Math.min(n, max) : fallback;
}

export function settingsFromUrl(url: URL): Settings {
  return {
    backend: url.searchParams.get('backend') ?? 'auto',
    metadata: url.searchParams.get('metadata') !== '0',
    faces: url.searchParams.get('faces') !== '0',
    crops: url.searchParams.has('crops') ? Math.round(positive(url.searchParams.get('crops'), 5, 5)) : null,
    fps: positive(url.searchParams.get('fps'), 1, 60),
    maxFrames: Math.round(positive(url.searchParams.get('maxFrames'), 300, 10_000)),
  };
}

/** Models live next to the page, on our own origin, wherever the app is hosted (sub-paths included). */
export function modelsBase(): string {
  return new URL('models/', document.baseURI).href;
}

/**
 * What one file is analysed with. The page's queue and the automation hook (CLI, eval, bench) both call this, so a
 * URL switch such as `?faces=0` or `?crops=3` means the same thing whichever of them sends the file.
 */
export function clientSettings(settings: Settings): ClientSettings {
  return {
    metadata: settings.metadata,
    faces: settings.faces,
    ...(settings.crops ? { maxCrops: settings.crops } : {}),
    trustAnchorsPem: settings.trustAnchorsPem ?? [],
    sampling: { fps: settings.fps, maxFrames: settings.maxFrames },
  };
}
