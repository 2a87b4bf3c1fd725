/** What the page says while a fallback decoder loads (issue 21): the first fetch from this site, with its size. */
import { describe, expect, it } from 'vitest';
import { decoderText } from '../../src/app/ResultCard/verdict';

describe('fallback decoder progress text', () => {
  it('names a first fetch from this site and its size', () => {
    expect(decoderText({ name: 'video decoder (ffmpeg.wasm)', bytes: 32_232_419, firstUse: true })).toBe(
      'Fetching the video decoder (ffmpeg.wasm) from this site for the first time, 32.2 MB; it is kept for offline use…',
    );
  });

  it('says less when the size is unknown or the decoder is already cached', () => {
    expect(decoderText({ name: 'HEIF image decoder', bytes: null, firstUse: true })).toBe(
      'Fetching the HEIF image decoder from this site for the first time; it is kept for offline use…',
    );
    expect(decoderText({ name: 'HEIF image decoder', bytes: 1_422_377, firstUse: false })).toBe(
      'Loading the HEIF image decoder…',
    );
  });
});
