/**
 * Generator text chunks by dialect. Each tool writes its own keywords; we recognise the tool from the keyword and
 * the structure of the value (never from a loose substring), then read the model name for the source class.
 */
import type { Evidence } from '../core/response';
import { matchGenerator } from './signatures';
import type { TextEntry } from './textChunks';
import { WEIGHTS } from './weights';

/** Moderate: text chunks are trivially written by anyone, but a real workflow dump is hard to fake by accident. */
export const TEXT_WEIGHT = WEIGHTS.generatorText;

interface Dialect {
  tool: string;
  /** An inpainting run (A1111 writes "Mask blur" for img2img inpaint). */
  inpaint?: boolean;
  /** Model or checkpoint names found in the text. */
  models: string[];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** ComfyUI stores the executed graph: { "<id>": { class_type, inputs: { ckpt_name | unet_name, ... } } }. */
function comfyModels(graph: unknown): string[] | null {
  if (typeof graph !== 'object' || graph === null) return null;
  const models: string[] = [];
  // Node types carry the model family too (FluxGuidance, EmptySD3LatentImage); they rank after explicit names.
  const hints: string[] = [];
  let nodes = 0;
  const values = Array.isArray((graph as { nodes?: unknown }).nodes)
    ? (graph as { nodes: unknown[] }).nodes
    : Object.values(graph);
  for (const node of values.slice(0, 5000)) {
    if (typeof node !== 'object' || node === null) continue;
    const n = node as { class_type?: unknown; type?: unknown; inputs?: unknown; widgets_values?: unknown };
    if (typeof n.class_type !== 'string' && typeof n.type !== 'string') continue;
    nodes++;
    const inputs =
      typeof n.inputs === 'object' && n.inputs !== null && !Array.isArray(n.inputs)
        ? (n.inputs as Record<string, unknown>)
        : {};
    for (const key of ['ckpt_name', 'unet_name', 'model_name', 'clip_name']) {
      const v = inputs[key];
      if (typeof v === 'string') models.push(v);
    }
    if (Array.isArray(n.widgets_values))
      for (const w of n.widgets_values)
        if (typeof w === 'string' && /\.(safetensors|ckpt|gguf|pt)$/i.test(w)) models.push(w);
    const type = typeof n.class_type === 'string' ? n.class_type : typeof n.type === 'string' ? n.type : '';
    if (type) hints.push(type);
  }
  return nodes > 0 ? [...models, ...hints] : null;
}

/** Automatic1111 / Forge "parameters": prompt, then "Steps: N, Sampler: X, ..., Model: name, Model hash: h". */
function a1111Models(text: string): string[] | null {
  if (!/\bSteps:\s*\d+/.test(text) || !/\b(Sampler|CFG scale|Seed):/.test(text)) return null;
  const models: string[] = [];
  const m = /\bModel:\s*([^,\n]+)/.exec(text);
  if (m?.[1]) models.push(m[1].trim());
  const v = /\bVersion:\s*([^,\n]+)/.exec(text);
  if (v?.[1]) models.push(v[1].trim());
  return models;
}

const MJ_JOB_ID = /\bJob ID:\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;
const MJ_VERSION = /(?:^|\s)--(?:v|version|niji)\s+(\d+(?:\.\d+)?)\b/;
const MJ_PARAM = /(?:^|\s)--(?:ar|aspect|stylize|s|chaos|c|q|quality|style|weird|w|seed|tile|sref|cref|p|exp|raw)\b/g;

/**
 * Midjourney's own description text, as it writes it into the PNG `Description` chunk and the EXIF / XMP
 * description of its downloads: the prompt, its parameters, then "Job ID: <uuid>". The Job ID alone is Midjourney's
 * mark; without it, a version flag (`--v 7`, `--niji 6`) plus another Midjourney parameter is. Returns the model
 * name ("Midjourney v7") or null.
 */
export function midjourneyMark(text: string): string | null {
  const t = text.slice(0, 20_000);
  const version = MJ_VERSION.exec(t)?.[1];
  const params = t.match(MJ_PARAM)?.length ?? 0;
  if (!MJ_JOB_ID.test(t) && !(version !== undefined && params >= 1)) return null;
  return version !== undefined ? `Midjourney v${version}` : 'Midjourney';
}

export function detectDialects(entries: TextEntry[]): Dialect[] {
  const out: Dialect[] = [];
  const byKey = new Map(entries.map((e) => [e.keyword.toLowerCase(), e.value]));
  const params = byKey.get('parameters');
  if (params !== undefined) {
    const json = parseJson(params);
    if (typeof json === 'object' && json !== null && /fooocus/i.test(JSON.stringify(json).slice(0, 20000))) {
      const o = json as Record<string, unknown>;
      const base = o.base_model ?? o['Base Model'];
      out.push({ tool: 'Fooocus', models: [typeof base === 'string' ? base : 'sdxl', 'sdxl'] });
    } else {
      const models = a1111Models(params);
      if (models) out.push({ tool: 'Automatic1111 / Forge', models, inpaint: /\bMask blur:\s*\d/.test(params) });
    }
  }
  if (byKey.has('fooocus_scheme') && !out.some((d) => d.tool === 'Fooocus'))
    out.push({ tool: 'Fooocus', models: ['sdxl'] });
  for (const key of ['prompt', 'workflow']) {
    const v = byKey.get(key);
    if (v === undefined) continue;
    const models = comfyModels(parseJson(v));
    if (models) {
      out.push({ tool: 'ComfyUI', models });
      break;
    }
  }
  const mj = midjourneyMark(byKey.get('description') ?? '') ?? midjourneyMark(byKey.get('comment') ?? '');
  if (mj !== null || /^midjourney\b/i.test(byKey.get('author') ?? ''))
    out.push({ tool: 'Midjourney', models: [mj ?? 'Midjourney'] });
  const software = byKey.get('software') ?? '';
  if (/novelai/i.test(software)) out.push({ tool: 'NovelAI', models: [byKey.get('source') ?? 'NovelAI'] });
  if (byKey.has('invokeai_metadata') || byKey.has('invokeai_graph') || byKey.has('sd-metadata')) {
    const meta = parseJson(byKey.get('invokeai_metadata') ?? byKey.get('sd-metadata') ?? '');
    const model =
      typeof meta === 'object' && meta !== null ? JSON.stringify((meta as Record<string, unknown>).model ?? '') : '';
    out.push({ tool: 'InvokeAI', models: [model] });
  }
  return out;
}

export function textEvidence(entries: TextEntry[]): Evidence[] {
  return detectDialects(entries).map((d) => {
    const named = d.models.map((m) => matchGenerator(m)).find((m) => m !== null) ?? null;
    // A Stable-Diffusion-family tool without a recognisable model name is still Stable Diffusion.
    const fallback =
      d.tool === 'NovelAI' ? null : { source: 'stablediffusion' as const, name: 'Stable Diffusion (model not named)' };
    let match = named ?? fallback;
    if (d.inpaint && match?.source === 'stablediffusionxl')
      match = { source: 'sdxlinpaint', name: 'Stable Diffusion XL inpainting' };
    else if (d.inpaint && match?.source === 'stablediffusion')
      match = { source: 'stablediffusioninpaint', name: 'Stable Diffusion inpainting' };
    const modelText = d.models.filter(Boolean).slice(0, 3).join(', ');
    return {
      kind: 'png_text',
      detail: `${d.tool} generation parameters in the file's text metadata${modelText ? ` (model: ${modelText.slice(0, 200)})` : ''}${match ? ` → ${match.name}` : ''}`,
      weight: TEXT_WEIGHT,
      ...(match ? { source: match.source } : { source: 'other_image_generators' }),
    } satisfies Evidence;
  });
}
