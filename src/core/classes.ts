/**
 * Hive's class registry, in Hive's order (../shared/HIVE-RESPONSE.md). Every `classes` list we emit
 * contains every entry here, in this order, even at score 0, so Hive clients that index by position work.
 */
export const GENERATION_CLASSES = ['not_ai_generated', 'ai_generated'] as const;

/** Named generators of Hive's source head, followed by the three "no name" outcomes. */
export const GENERATOR_CLASSES = [
  'sora',
  'pika',
  'haiper',
  'kling',
  'luma',
  'hedra',
  'runway',
  'hailuo',
  'mochi',
  'flux',
  'hallo',
  'hunyuan',
  'recraft',
  'leonardo',
  'luminagpt',
  'var',
  'liveportrait',
  'mcnet',
  'pyramidflows',
  'sadtalker',
  'aniportrait',
  'cogvideos',
  'makeittalk',
  'sdxlinpaint',
  'stablediffusioninpaint',
  'other_image_generators',
  'bingimagecreator',
  'adobefirefly',
  'lcm',
  'dalle',
  'pixart',
  'glide',
  'stablediffusion',
  'imagen',
  'amused',
  'stablecascade',
  'midjourney',
  'deepfloyd',
  'gan',
  'stablediffusionxl',
  'vqdiffusion',
  'kandinsky',
  'wuerstchen',
  'titan',
  'ideogram',
  'sana',
  'emu3',
  'omnigen',
  'cosmos',
  'dmd2',
  'flashvideo',
  'janus',
  'switti',
  'transpixar',
  '4o',
  'grok',
  'wan',
  'infinity',
  'veo3',
  'imagen4',
] as const;

export const SOURCE_OUTCOME_CLASSES = ['none', 'inconclusive', 'inconclusive_video'] as const;

/** The source head: generators plus none / inconclusive / inconclusive_video; sums to 1. */
export const SOURCE_CLASSES = [...GENERATOR_CLASSES, ...SOURCE_OUTCOME_CLASSES] as const;

export const DEEPFAKE_CLASS = 'deepfake' as const;

/** Full `classes` order: generation head, source head, then `deepfake` last. */
export const ALL_CLASSES = [...GENERATION_CLASSES, ...SOURCE_CLASSES, DEEPFAKE_CLASS] as const;

export type GenerationClass = (typeof GENERATION_CLASSES)[number];
export type GeneratorClass = (typeof GENERATOR_CLASSES)[number];
export type SourceClass = (typeof SOURCE_CLASSES)[number];
export type HiveClass = (typeof ALL_CLASSES)[number];

const generatorSet: ReadonlySet<string> = new Set(GENERATOR_CLASSES);

export function isGeneratorClass(name: string): name is GeneratorClass {
  return generatorSet.has(name);
}
