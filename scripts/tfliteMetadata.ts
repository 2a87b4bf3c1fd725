/**
 * Adds a TFLITE_METADATA buffer to a TFLite flatbuffer without rewriting the model.
 *
 * The BlazeFace tflite files in the npm package @mediapipe/face_detection carry no metadata, and MediaPipe Tasks
 * refuses a float32 image input without NormalizationOptions. Instead of re-serialising the whole model, we put a
 * new root `Model` table *in front of* the original bytes: flatbuffer offsets point forward, so the new table can
 * reference the original operator codes, subgraphs and buffers where they are. Only the `buffers` vector (one extra
 * Buffer holding the metadata) and the `metadata` vector are new. The prefix is padded to 16 bytes so the original
 * tensor data keeps its alignment. Same input, same bytes out: nothing here depends on time or environment.
 *
 * Schemas: tensorflow/lite/schema/schema.fbs (Model) and tensorflow/lite/experimental/support/metadata/
 * metadata_schema.fbs (ModelMetadata, file identifier "M001").
 */
import { Builder } from 'flatbuffers';

// --- a minimal flatbuffer reader (enough to walk tables, vectors and strings) ---------------------------------

export class FbReader {
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u8(o: number): number {
    return this.view.getUint8(o);
  }
  u32(o: number): number {
    return this.view.getUint32(o, true);
  }
  f32(o: number): number {
    return this.view.getFloat32(o, true);
  }
  root(): number {
    return this.u32(0);
  }
  /** Absolute position of field `slot` of the table at `t`, or null when absent. */
  field(t: number, slot: number): number | null {
    const vt = t - this.view.getInt32(t, true);
    const vtLen = this.view.getUint16(vt, true);
    const at = 4 + 2 * slot;
    if (at >= vtLen) return null;
    const off = this.view.getUint16(vt + at, true);
    return off === 0 ? null : t + off;
  }
  deref(o: number): number {
    return o + this.u32(o);
  }
  /** [first element position, length] of the vector referenced at `o`. */
  vector(o: number): [number, number] {
    const v = this.deref(o);
    return [v + 4, this.u32(v)];
  }
  string(o: number): string {
    const [s, n] = this.vector(o);
    return new TextDecoder().decode(this.bytes.subarray(s, s + n));
  }
  tableAt(o: number): number {
    return this.deref(o);
  }
}

// TFLite schema: Model field slots.
const MODEL = {
  version: 0,
  operatorCodes: 1,
  subgraphs: 2,
  description: 3,
  buffers: 4,
  metadataBuffer: 5,
  metadata: 6,
  signatureDefs: 7,
} as const;

/** Returns the ModelMetadata flatbuffer stored under TFLITE_METADATA, or null. */
export function readMetadataBuffer(model: Uint8Array): Uint8Array | null {
  const r = new FbReader(model);
  const root = r.root();
  const md = r.field(root, MODEL.metadata);
  const bufs = r.field(root, MODEL.buffers);
  if (md === null || bufs === null) return null;
  const [ms, mn] = r.vector(md);
  const [bs] = r.vector(bufs);
  for (let i = 0; i < mn; i++) {
    const t = r.tableAt(ms + 4 * i);
    const name = r.field(t, 0);
    const idx = r.field(t, 1);
    if (name === null || idx === null || r.string(name) !== 'TFLITE_METADATA') continue;
    const buffer = r.tableAt(bs + 4 * r.u32(idx));
    const data = r.field(buffer, 0);
    if (data === null) return null;
    const [ds, dn] = r.vector(data);
    return model.subarray(ds, ds + dn);
  }
  return null;
}

export interface ImageInputMetadata {
  name: string;
  colorSpace: number;
  mean: number[];
  std: number[];
  min: number[] | null;
  max: number[] | null;
  minParserVersion: string | null;
  outputs: string[];
}

/** Reads what MediaPipe needs from a ModelMetadata buffer: the first input's colour space and normalisation. */
export function describeMetadata(meta: Uint8Array): ImageInputMetadata {
  const r = new FbReader(meta);
  const id = new TextDecoder().decode(meta.subarray(4, 8));
  if (id !== 'M001') throw new Error(`Not a TFLite ModelMetadata buffer (identifier "${id}")`);
  const root = r.root();
  const sgField = r.field(root, 3);
  if (sgField === null) throw new Error('ModelMetadata has no subgraph_metadata');
  const [sgs] = r.vector(sgField);
  const sg = r.tableAt(sgs);
  const floats = (o: number | null): number[] | null => {
    if (o === null) return null;
    const [s, n] = r.vector(o);
    return Array.from({ length: n }, (_, i) => r.f32(s + 4 * i));
  };
  const inField = r.field(sg, 2);
  if (inField === null) throw new Error('No input_tensor_metadata');
  const [ins] = r.vector(inField);
  const input = r.tableAt(ins);
  const nameField = r.field(input, 0);
  const content = r.field(input, 3);
  let colorSpace = 0;
  if (content !== null) {
    const c = r.tableAt(content);
    const type = r.field(c, 0);
    const props = r.field(c, 1);
    if (type !== null && r.u8(type) === 2 && props !== null) {
      const cs = r.field(r.tableAt(props), 0);
      colorSpace = cs === null ? 0 : r.u8(cs);
    }
  }
  let mean: number[] = [];
  let std: number[] = [];
  const pu = r.field(input, 4);
  if (pu !== null) {
    const [ps, pn] = r.vector(pu);
    for (let i = 0; i < pn; i++) {
      const p = r.tableAt(ps + 4 * i);
      const type = r.field(p, 0);
      const opts = r.field(p, 1);
      if (type === null || r.u8(type) !== 1 || opts === null) continue;
      const o = r.tableAt(opts);
      mean = floats(r.field(o, 0)) ?? [];
      std = floats(r.field(o, 1)) ?? [];
    }
  }
  const statsField = r.field(input, 5);
  const stats = statsField === null ? null : r.tableAt(statsField);
  const outputs: string[] = [];
  const outField = r.field(sg, 3);
  if (outField !== null) {
    const [os, on] = r.vector(outField);
    for (let i = 0; i < on; i++) {
      const n = r.field(r.tableAt(os + 4 * i), 0);
      outputs.push(n === null ? '' : r.string(n));
    }
  }
  const mpv = r.field(root, 7);
  return {
    name: nameField === null ? '' : r.string(nameField),
    colorSpace,
    mean,
    std,
    max: stats === null ? null : floats(r.field(stats, 0)),
    min: stats === null ? null : floats(r.field(stats, 1)),
    minParserVersion: mpv === null ? null : r.string(mpv),
    outputs,
  };
}

// --- writing ModelMetadata -------------------------------------------------------------------------------------

export interface FaceModelMetadataOptions {
  name: string;
  description: string;
  mean: number;
  std: number;
}

/** A ModelMetadata flatbuffer for an RGB float image input in [-1, 1] and two feature outputs. */
export function buildFaceDetectorMetadata(o: FaceModelMetadataOptions): Uint8Array {
  const b = new Builder(1024);
  const floatVec = (values: number[]): number => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i] ?? 0);
    return b.endVector();
  };
  const offsetVec = (offsets: number[]): number => {
    b.startVector(4, offsets.length, 4);
    for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i] ?? 0);
    return b.endVector();
  };
  const featureTensor = (name: string, description: string): number => {
    const n = b.createString(name);
    const d = b.createString(description);
    b.startObject(0); // FeatureProperties {}
    const props = b.endObject();
    b.startObject(3); // Content
    b.addFieldInt8(0, 1, 0); // content_properties_type = FeatureProperties
    b.addFieldOffset(1, props, 0);
    const content = b.endObject();
    b.startObject(2); // Stats {}
    const stats = b.endObject();
    b.startObject(7); // TensorMetadata
    b.addFieldOffset(0, n, 0);
    b.addFieldOffset(1, d, 0);
    b.addFieldOffset(3, content, 0);
    b.addFieldOffset(5, stats, 0);
    return b.endObject();
  };

  // Input tensor: RGB image, (x - mean) / std.
  const inName = b.createString('image');
  const inDesc = b.createString('Input image to be detected');
  b.startObject(2); // ImageProperties
  b.addFieldInt8(0, 1, 0); // color_space = RGB
  const imageProps = b.endObject();
  b.startObject(3); // Content
  b.addFieldInt8(0, 2, 0); // content_properties_type = ImageProperties
  b.addFieldOffset(1, imageProps, 0);
  const inContent = b.endObject();
  const mean = floatVec([o.mean]);
  const std = floatVec([o.std]);
  b.startObject(2); // NormalizationOptions
  b.addFieldOffset(0, mean, 0);
  b.addFieldOffset(1, std, 0);
  const norm = b.endObject();
  b.startObject(2); // ProcessUnit
  b.addFieldInt8(0, 1, 0); // options_type = NormalizationOptions
  b.addFieldOffset(1, norm, 0);
  const unit = b.endObject();
  const units = offsetVec([unit]);
  const max = floatVec([(255 - o.mean) / o.std]);
  const min = floatVec([(0 - o.mean) / o.std]);
  b.startObject(2); // Stats
  b.addFieldOffset(0, max, 0);
  b.addFieldOffset(1, min, 0);
  const inStats = b.endObject();
  b.startObject(7); // TensorMetadata
  b.addFieldOffset(0, inName, 0);
  b.addFieldOffset(1, inDesc, 0);
  b.addFieldOffset(3, inContent, 0);
  b.addFieldOffset(4, units, 0);
  b.addFieldOffset(5, inStats, 0);
  const input = b.endObject();

  const boxes = featureTensor('raw boxes/keypoints', 'Undecoded face boxes and six keypoints');
  const scores = featureTensor('scores', 'Scores of the undecoded boxes');
  const inputs = offsetVec([input]);
  const outputs = offsetVec([boxes, scores]);
  b.startObject(10); // SubGraphMetadata
  b.addFieldOffset(2, inputs, 0);
  b.addFieldOffset(3, outputs, 0);
  const subgraph = b.endObject();
  const subgraphs = offsetVec([subgraph]);
  const name = b.createString(o.name);
  const description = b.createString(o.description);
  const minParser = b.createString('1.0.0');
  b.startObject(8); // ModelMetadata
  b.addFieldOffset(0, name, 0);
  b.addFieldOffset(1, description, 0);
  b.addFieldOffset(3, subgraphs, 0);
  b.addFieldOffset(7, minParser, 0);
  const root = b.endObject();
  b.finish(root, 'M001');
  return b.asUint8Array().slice();
}

// --- attaching it to the model ---------------------------------------------------------------------------------

class Writer {
  private buf = new Uint8Array(4096);
  private view = new DataView(this.buf.buffer);
  length = 0;
  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf);
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  align(n: number): void {
    while (this.length % n !== 0) this.u8(0);
  }
  u8(v: number): number {
    this.ensure(1);
    this.view.setUint8(this.length, v);
    return this.length++;
  }
  u16(v: number): number {
    this.ensure(2);
    this.view.setUint16(this.length, v, true);
    this.length += 2;
    return this.length - 2;
  }
  u32(v: number): number {
    this.ensure(4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
    return this.length - 4;
  }
  i32At(at: number, v: number): void {
    this.view.setInt32(at, v, true);
  }
  u32At(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, true);
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/**
 * Returns a new TFLite file: the original model plus `meta` as the TFLITE_METADATA buffer.
 * Refuses a model that already has metadata, or that stores tensor data outside the flatbuffer (Buffer.offset),
 * since those offsets are absolute and would move.
 */
export function attachMetadata(model: Uint8Array, meta: Uint8Array): Uint8Array {
  const r = new FbReader(model);
  if (new TextDecoder().decode(model.subarray(4, 8)) !== 'TFL3')
    throw new Error('Not a TFLite model (no TFL3 identifier)');
  if (readMetadataBuffer(model) !== null) throw new Error('The model already has TFLITE_METADATA');
  const root = r.root();
  const buffersField = r.field(root, MODEL.buffers);
  if (buffersField === null) throw new Error('The model has no buffers vector');
  const [bs, bn] = r.vector(buffersField);
  const bufferTables: number[] = [];
  for (let i = 0; i < bn; i++) {
    const t = r.tableAt(bs + 4 * i);
    if (r.field(t, 1) !== null || r.field(t, 2) !== null) throw new Error('Buffers stored by offset are not supported');
    bufferTables.push(t);
  }
  const existingMeta: number[] = [];
  const mdField = r.field(root, MODEL.metadata);
  if (mdField !== null) {
    const [ms, mn] = r.vector(mdField);
    for (let i = 0; i < mn; i++) existingMeta.push(r.tableAt(ms + 4 * i));
  }

  // Two passes: the prefix length P shifts every reference into the original, so lay out once to learn P.
  const layout = (P: number): Uint8Array => {
    const w = new Writer();
    const refs: Array<{ at: number; target: () => number }> = [];
    const ref = (target: () => number): void => {
      refs.push({ at: w.u32(0), target });
    };
    const orig = (abs: number) => (): number => abs + P;

    ref(() => modelTable);
    w.bytes(new TextEncoder().encode('TFL3'));
    // Model vtable: 8 slots.
    const slots = [
      MODEL.version,
      MODEL.operatorCodes,
      MODEL.subgraphs,
      MODEL.description,
      MODEL.buffers,
      MODEL.metadataBuffer,
      MODEL.metadata,
      MODEL.signatureDefs,
    ];
    const present = slots.filter((s) => s === MODEL.buffers || s === MODEL.metadata || r.field(root, s) !== null);
    const vtable = w.length;
    w.u16(4 + 2 * slots.length);
    w.u16(4 + 4 * present.length);
    for (const s of slots) {
      const idx = present.indexOf(s);
      w.u16(idx < 0 ? 0 : 4 + 4 * idx);
    }
    w.align(4);
    const modelTable = w.length;
    w.u32(0);
    w.i32At(modelTable, modelTable - vtable);
    let newBuffers = 0;
    let newMetadata = 0;
    for (const s of present) {
      const f = r.field(root, s);
      if (s === MODEL.version) w.u32(f === null ? 3 : r.u32(f));
      else if (s === MODEL.buffers) ref(() => newBuffers);
      else if (s === MODEL.metadata) ref(() => newMetadata);
      else if (f !== null) ref(orig(r.deref(f)));
    }
    // buffers: the original Buffer tables, then ours.
    w.align(4);
    newBuffers = w.length;
    w.u32(bn + 1);
    for (const t of bufferTables) ref(orig(t));
    let ourBuffer = 0;
    ref(() => ourBuffer);
    // metadata: the original entries, then TFLITE_METADATA -> buffer index bn.
    newMetadata = w.length;
    w.u32(existingMeta.length + 1);
    for (const t of existingMeta) ref(orig(t));
    let ourMeta = 0;
    ref(() => ourMeta);
    // Metadata table { name: string (slot 0), buffer: uint (slot 1) }.
    const metaVt = w.length;
    w.u16(8);
    w.u16(12);
    w.u16(4);
    w.u16(8);
    ourMeta = w.length;
    w.u32(0);
    w.i32At(ourMeta, ourMeta - metaVt);
    let nameStr = 0;
    ref(() => nameStr);
    w.u32(bn);
    // Buffer table { data: [ubyte] (slot 0) }.
    const bufVt = w.length;
    w.u16(6);
    w.u16(8);
    w.u16(4);
    w.align(4);
    ourBuffer = w.length;
    w.u32(0);
    w.i32At(ourBuffer, ourBuffer - bufVt);
    let data = 0;
    ref(() => data);
    nameStr = w.length;
    const name = new TextEncoder().encode('TFLITE_METADATA');
    w.u32(name.length);
    w.bytes(name);
    w.u8(0);
    // The metadata buffer is itself a flatbuffer: keep it 16-aligned as the TFLite converter does.
    while ((w.length + 4) % 16 !== 0) w.u8(0);
    data = w.length;
    w.u32(meta.length);
    w.bytes(meta);
    w.align(16);
    for (const { at, target } of refs) w.u32At(at, target() - at);
    return w.result();
  };
  const first = layout(0);
  const prefix = layout(first.length);
  if (prefix.length !== first.length) throw new Error('Prefix layout is not stable');
  const out = new Uint8Array(prefix.length + model.length);
  out.set(prefix, 0);
  out.set(model, prefix.length);
  return out;
}
