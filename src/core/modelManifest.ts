/**
 * The JSON manifest shipped beside each model (public/models/*.json), validated at load so a mismatched model
 * fails loudly with a message instead of producing garbage scores.
 */
export interface ClassifierManifest {
  name: string;
  version: number;
  file: string;
  sha256: string;
  bytes?: number;
  input: { name: string; size: number; layout: 'NCHW'; mean: [number, number, number]; std: [number, number, number] };
  outputs: { generation: string; source: string };
  generation_labels: ['not_ai_generated', 'ai_generated'];
  source_labels: string[];
  temperature: { generation: number; source: number };
  threshold: number;
  crops: { size: number; max: number };
}

function fail(what: string): never {
  throw new Error(`Invalid classifier manifest: ${what}`);
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const triple = (v: unknown): v is [number, number, number] => Array.isArray(v) && v.length === 3 && v.every(isNum);

export function parseClassifierManifest(json: unknown): ClassifierManifest {
  if (!isObj(json)) fail('not an object');
  const {
    name,
    version,
    file,
    sha256,
    input,
    outputs,
    generation_labels,
    source_labels,
    temperature,
    threshold,
    crops,
  } = json;
  if (typeof name !== 'string' || !isNum(version) || typeof file !== 'string' || typeof sha256 !== 'string')
    fail('name/version/file/sha256');
  if (
    !isObj(input) ||
    typeof input.name !== 'string' ||
    !isNum(input.size) ||
    !triple(input.mean) ||
    !triple(input.std)
  )
    fail('input');
  if (!isObj(outputs) || typeof outputs.generation !== 'string' || typeof outputs.source !== 'string') fail('outputs');
  if (
    !Array.isArray(generation_labels) ||
    generation_labels[0] !== 'not_ai_generated' ||
    generation_labels[1] !== 'ai_generated'
  ) {
    fail('generation_labels must be [not_ai_generated, ai_generated]');
  }
  if (!Array.isArray(source_labels) || !source_labels.every((s) => typeof s === 'string') || source_labels.length === 0)
    fail('source_labels');
  if (!isObj(temperature) || !isNum(temperature.generation) || !isNum(temperature.source)) fail('temperature');
  if (!isNum(threshold) || threshold <= 0 || threshold >= 1) fail('threshold');
  if (!isObj(crops) || !isNum(crops.size) || !isNum(crops.max)) fail('crops');
  return {
    name,
    version,
    file,
    sha256,
    ...(isNum(json.bytes) ? { bytes: json.bytes } : {}),
    input: { name: input.name, size: input.size, layout: 'NCHW', mean: input.mean, std: input.std },
    outputs: { generation: outputs.generation, source: outputs.source },
    generation_labels: ['not_ai_generated', 'ai_generated'],
    source_labels,
    temperature: { generation: temperature.generation, source: temperature.source },
    threshold,
    crops: { size: crops.size, max: crops.max },
  };
}
