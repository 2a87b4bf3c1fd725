/**
 * Generator names as they appear in C2PA claim generators / software agents, XMP, EXIF Software and Stable
 * Diffusion / ComfyUI parameters, mapped to Hive source classes. Order matters: the first match wins, so the
 * specific names (Sora, DALL-E, Imagen 4) come before the vendors that make several generators (OpenAI, Google).
 */
import type { GeneratorClass } from '../core/classes';

export interface GeneratorMatch {
  source: GeneratorClass;
  /** Human name for evidence text. */
  name: string;
}

const GOOGLE_UNNAMED = 'Google generative AI (the file does not name the model; Imagen assumed)';

const TABLE: [RegExp, GeneratorClass, string][] = [
  [/\bsora\b/i, 'sora', 'OpenAI Sora'],
  [/dall[\s·-]?e/i, 'dalle', 'OpenAI DALL-E'],
  [/gpt[\s-]?4o|gpt[\s-]?image|chatgpt/i, '4o', 'OpenAI GPT-4o image generation'],
  [/\bopenai\b/i, '4o', 'OpenAI'],
  [/firefly/i, 'adobefirefly', 'Adobe Firefly'],
  [/imagen[\s-]?4/i, 'imagen4', 'Google Imagen 4'],
  [/\bimagen\b/i, 'imagen', 'Google Imagen'],
  [/\bveo\b|veo[\s-]?3/i, 'veo3', 'Google Veo'],
  [/gemini|nano[\s-]?banana/i, 'other_image_generators', 'Google Gemini image'],
  // Google's own marks name no model ("Made with Google AI", XMP Credit of Whisk / Imagen images): Hive's head has
  // `imagen` (and `imagen4`), so the generic mark maps to `imagen` and the evidence says the model is not named.
  [/made with google ai/i, 'imagen', GOOGLE_UNNAMED],
  [
    /bing image creator|image creator from (microsoft )?designer|microsoft designer|\bbing\b/i,
    'bingimagecreator',
    'Microsoft Bing Image Creator / Designer',
  ],
  [/midjourney/i, 'midjourney', 'Midjourney'],
  [/(sdxl|sd_xl|stable[\s-]?diffusion[\s-]?xl)[\w.-]{0,40}inpaint/i, 'sdxlinpaint', 'Stable Diffusion XL inpainting'],
  [/(\bsd|stable[\s-]?diffusion)[\w.-]{0,40}inpaint/i, 'stablediffusioninpaint', 'Stable Diffusion inpainting'],
  // SDXL and its fine-tunes: checkpoint names like juggernautXL_v9, ponyDiffusionV6XL, RealVisXL, Illustrious, NoobAI.
  [
    /\bsdxl\b|stable[\s-]?diffusion[\s-]?xl|sd_xl|[a-z0-9]xl[_\s.-]?v?\d|ponyxl|ponydiffusion|illustrious|noobai|\bxl[\s_-]?(base|refiner)/i,
    'stablediffusionxl',
    'Stable Diffusion XL',
  ],
  [/stable[\s-]?cascade/i, 'stablecascade', 'Stable Cascade'],
  [/\bflux\b|black forest labs|flux[\s._-]?1/i, 'flux', 'FLUX (Black Forest Labs)'],
  [
    /stable[\s-]?diffusion|stability ai|dreamstudio|\bsd[\s_-]?(1\.[45]|2\.[01]|3(\.5)?)\b|v1-5-pruned/i,
    'stablediffusion',
    'Stable Diffusion',
  ],
  [/runway|gen-?[234]\b/i, 'runway', 'Runway'],
  [/\bkling\b|kuaishou/i, 'kling', 'Kling'],
  [/ideogram/i, 'ideogram', 'Ideogram'],
  [/leonardo/i, 'leonardo', 'Leonardo.Ai'],
  [/recraft/i, 'recraft', 'Recraft'],
  [/\bgrok\b|\bxai\b/i, 'grok', 'xAI Grok'],
  [/dream machine|luma\s?(ai|labs)?\b/i, 'luma', 'Luma'],
  [/\bpika\b/i, 'pika', 'Pika'],
  [/hailuo|minimax/i, 'hailuo', 'Hailuo (MiniMax)'],
  [/hunyuan/i, 'hunyuan', 'Tencent Hunyuan'],
  [/\bwan[\s-]?2\.?[0-9]|\bwanx\b|tongyi wanxiang/i, 'wan', 'Alibaba Wan'],
  [/amazon titan|\btitan image/i, 'titan', 'Amazon Titan'],
  [/pixart/i, 'pixart', 'PixArt'],
  [/kandinsky/i, 'kandinsky', 'Kandinsky'],
  [/\blcm\b|latent consistency/i, 'lcm', 'Latent Consistency Model'],
  [/omnigen/i, 'omnigen', 'OmniGen'],
  [/\bsana\b/i, 'sana', 'Sana'],
  [/meta ai|imagine with meta|\bemu\b/i, 'other_image_generators', 'Meta AI'],
  [/seedream|seedance|doubao|bytedance|dreamina/i, 'other_image_generators', 'ByteDance Seedream / Seedance'],
  [/qwen[\s-]?image/i, 'other_image_generators', 'Qwen-Image'],
  [/novelai/i, 'other_image_generators', 'NovelAI'],
  [/playground\s?(ai|v[23]\b)|playground\.com/i, 'other_image_generators', 'Playground AI'],
];

export function matchGenerator(text: string): GeneratorMatch | null {
  const t = text.slice(0, 100_000);
  for (const [re, source, name] of TABLE) if (re.test(t)) return { source, name };
  return null;
}

/** IPTC digital source types (https://cv.iptc.org/newscodes/digitalsourcetype/) and what they say about AI. */
export type SourceTypeVerdict = 'ai' | 'ai_composite' | 'algorithmic' | 'capture' | 'other';

export function classifyDigitalSourceType(value: string): SourceTypeVerdict | null {
  const code = value.trim().split('/').pop()?.toLowerCase() ?? '';
  if (code === '') return null;
  if (code === 'trainedalgorithmicmedia') return 'ai';
  if (code === 'compositewithtrainedalgorithmicmedia' || code === 'compositesynthetic') return 'ai_composite';
  if (code === 'algorithmicmedia') return 'algorithmic';
  if (
    [
      'digitalcapture',
      'negativefilm',
      'positivefilm',
      'print',
      'minorhumanedits',
      'computationalcapture',
      'screencapture',
    ].includes(code)
  )
    return 'capture';
  return 'other';
}

/**
 * When a signed manifest declares AI generation but names no model, the signing vendor and the media type still
 * narrow it down: Google's public video generator is Veo, OpenAI's is Sora, OpenAI's images come from GPT-4o image
 * generation. Google images ("Created by Google Generative AI", claim generator "Google C2PA Core Generator
 * Library") go to `imagen`, the Hive class for Google's image models; the evidence says the manifest names none.
 * Used only after `matchGenerator` found nothing.
 */
const VENDORS: [RegExp, { video: GeneratorMatch; image: GeneratorMatch }][] = [
  [
    /\bgoogle\b/i,
    {
      video: { source: 'veo3', name: 'Google Veo (Google-signed AI video)' },
      image: { source: 'imagen', name: 'Google generative AI (the manifest does not name the model; Imagen assumed)' },
    },
  ],
  [
    /\bopenai\b|truepic.*openai/i,
    {
      video: { source: 'sora', name: 'OpenAI Sora (OpenAI-signed AI video)' },
      image: { source: '4o', name: 'OpenAI image generation' },
    },
  ],
  [
    /\badobe\b/i,
    {
      video: { source: 'adobefirefly', name: 'Adobe Firefly' },
      image: { source: 'adobefirefly', name: 'Adobe Firefly' },
    },
  ],
  [
    /\bmicrosoft\b/i,
    {
      video: { source: 'other_image_generators', name: 'Microsoft generative AI' },
      image: { source: 'bingimagecreator', name: 'Microsoft Bing Image Creator / Designer' },
    },
  ],
];

export function matchVendor(text: string, media: 'image' | 'video'): GeneratorMatch | null {
  for (const [re, m] of VENDORS) if (re.test(text)) return m[media];
  return null;
}
