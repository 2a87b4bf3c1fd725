/**
 * HEVC samples from an MP4 (hvcC, length-prefixed NAL units) as an Annex-B elementary stream, the form ffmpeg's raw
 * `hevc` demuxer reads. Why: ffmpeg.wasm decodes HEVC about ten times slower than native ffmpeg, so the fallback
 * decoder feeds it only the samples the sampled frames need (hevcBatches.ts), exactly as the WebCodecs path does
 * for H.264; an input seek per instant decodes every frame from the keyframe, wanted or not.
 */

export interface HevcConfig {
  /** NAL length-prefix size in the samples (1, 2 or 4 bytes). */
  lengthSize: number;
  /** VPS, SPS, PPS and SEI NAL units of the sample entry, without start codes. */
  parameterSets: Uint8Array[];
  /** Temporal sub-layers in the stream (hvcC numTemporalLayers); 0 when the file does not say. */
  temporalLayers: number;
}

const START = Uint8Array.of(0, 0, 0, 1);

/** The decoder configuration record (hvcC box body, ISO/IEC 14496-15 8.3.3.1), or null when it is not one. */
export function parseHvcC(hvcC: Uint8Array | undefined): HevcConfig | null {
  if (!hvcC || hvcC.length < 23 || hvcC[0] !== 1) return null;
  const b21 = hvcC[21] ?? 0;
  const lengthSize = (b21 & 3) + 1;
  if (lengthSize === 3) return null; // not allowed by the standard
  const parameterSets: Uint8Array[] = [];
  let at = 23;
  for (let a = 0, arrays = hvcC[22] ?? 0; a < arrays; a++) {
    if (at + 3 > hvcC.length) return null;
    const count = ((hvcC[at + 1] ?? 0) << 8) | (hvcC[at + 2] ?? 0);
    at += 3;
    for (let i = 0; i < count; i++) {
      if (at + 2 > hvcC.length) return null;
      const len = ((hvcC[at] ?? 0) << 8) | (hvcC[at + 1] ?? 0);
      at += 2;
      if (at + len > hvcC.length) return null;
      parameterSets.push(hvcC.subarray(at, at + len));
      at += len;
    }
  }
  let temporalLayers = (b21 >> 3) & 7;
  // 0 is "unknown" in hvcC (x265 writes it when it codes temporal layers): the SPS says it too, in its first byte
  // after the NAL header: sps_video_parameter_set_id (4 bits), sps_max_sub_layers_minus1 (3 bits).
  if (temporalLayers === 0) {
    for (const unit of parameterSets)
      if (unit.length > 2 && (((unit[0] ?? 0) >> 1) & 0x3f) === 33)
        temporalLayers = Math.max(temporalLayers, (((unit[2] ?? 0) >> 1) & 7) + 1);
  }
  return { lengthSize, parameterSets, temporalLayers };
}

/** Calls `nal` for each NAL unit of a length-prefixed sample; false when a length runs past the sample. */
function eachNal(sample: Uint8Array, lengthSize: number, nal: (unit: Uint8Array) => void): boolean {
  let at = 0;
  while (at < sample.length) {
    if (at + lengthSize > sample.length) return false;
    let len = 0;
    for (let i = 0; i < lengthSize; i++) len = len * 256 + (sample[at + i] ?? 0);
    at += lengthSize;
    if (len === 0 || at + len > sample.length) return false;
    nal(sample.subarray(at, at + len));
    at += len;
  }
  return true;
}

/**
 * True when no later picture can refer to this sample, so it can be left out when it is not itself wanted: every
 * coded slice is a sub-layer non-reference picture (TRAIL_N, TSA_N, STSA_N, RADL_N, RASL_N: even types up to 14)
 * in the highest temporal sub-layer (a sub-layer non-reference picture may still be used by higher sub-layers).
 * When in doubt (unknown sub-layer count, malformed lengths, no slice) the answer is false: decode it.
 */
export function isDroppableHevcSample(sample: Uint8Array, config: HevcConfig): boolean {
  if (config.temporalLayers < 1) return false;
  const top = config.temporalLayers - 1;
  let slices = 0;
  let droppable = true;
  const whole = eachNal(sample, config.lengthSize, (unit) => {
    if (unit.length < 2) return;
    const type = ((unit[0] ?? 0) >> 1) & 0x3f;
    if (type > 31) return; // not a coded slice
    slices++;
    const temporalId = ((unit[1] ?? 0) & 7) - 1;
    if (type > 14 || type % 2 !== 0 || temporalId !== top) droppable = false;
  });
  return whole && slices > 0 && droppable;
}

/** The sample's NAL units with start codes, appended to `out`; false (nothing appended) when it is malformed. */
export function appendAnnexB(out: Uint8Array[], sample: Uint8Array, lengthSize: number): boolean {
  const units: Uint8Array[] = [];
  if (!eachNal(sample, lengthSize, (unit) => units.push(START, unit))) return false;
  out.push(...units);
  return true;
}

/**
 * A copy of a CRA keyframe's sample with its slices relabelled BLA_W_LP, which the standard allows for splicing
 * (H.265 7.4.2.2: same slice syntax). Why: a run of samples starts at its keyframe with the frames before it never
 * fed; as a BLA picture it starts a new coded video sequence, so the decoder outputs every frame still waiting from
 * the run before and drops this keyframe's leading pictures. An end-of-sequence unit would do the first, but ffmpeg
 * then discards the frames still waiting (it sets no_output_of_prior_pics for a CRA after an end of sequence).
 * Other samples are returned as they are.
 */
export function asBrokenLink(sample: Uint8Array, lengthSize: number): Uint8Array {
  const copy = sample.slice();
  eachNal(copy, lengthSize, (unit) => {
    const type = ((unit[0] ?? 0) >> 1) & 0x3f;
    if (type === 21) unit[0] = ((unit[0] ?? 0) & 0x81) | (16 << 1);
  });
  return copy;
}

/** The parameter sets with start codes: sent before each run, so every run decodes on its own. */
export function appendParameterSets(out: Uint8Array[], config: HevcConfig): void {
  for (const unit of config.parameterSets) out.push(START, unit);
}
