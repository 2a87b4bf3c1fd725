/**
 * A small preview of an analysed image for its result card. The card shows 96 px and the face overlay a few hundred,
 * so a WebP of at most PREVIEW_MAX_SIDE px is plenty; 200 full-size photos decoded on one page would not keep
 * memory flat. Made only after the worker has decoded the file within the limits, so a hostile file is never
 * decoded on the page.
 */
export const PREVIEW_MAX_SIDE = 640;

/**
 * Previews kept at once (by useDetector, least recently wanted out first). Each is tens of KB of Blob memory
 * outside the JS heap; a card that needs one again remakes it from its File, a disk-backed handle, not the bytes.
 * Above the page's 20 full cards, so a small batch keeps all of its previews.
 */
export const PREVIEW_KEEP = 24;

/** Decodes what the page cannot (HEIC, in the worker's libheif) into a preview of at most `maxSide` px. */
export type PreviewFallback = (file: Blob, maxSide: number) => Promise<Blob | undefined>;

export async function makePreview(
  file: Blob,
  width: number,
  height: number,
  fallback?: PreviewFallback,
): Promise<string | undefined> {
  // One side is enough: the other follows the aspect ratio (orientation applied by the decoder).
  const resize =
    width >= height
      ? { resizeWidth: Math.min(PREVIEW_MAX_SIDE, Math.max(1, width)) }
      : { resizeHeight: Math.min(PREVIEW_MAX_SIDE, Math.max(1, height)) };
  let bitmap: ImageBitmap | undefined;
  try {
    bitmap = await createImageBitmap(file, { ...resize, resizeQuality: 'medium' });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) return undefined;
    ctx.drawImage(bitmap, 0, 0);
    // WebP keeps alpha, which JPEG would turn black.
    return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 }));
  } catch {
    // The page's decoder cannot draw it (HEIC in Chromium): the worker can. No preview at all is a cosmetic loss
    // only: the answer is already there.
    const made = await fallback?.(file, PREVIEW_MAX_SIDE);
    return made ? URL.createObjectURL(made) : undefined;
  } finally {
    bitmap?.close();
  }
}
