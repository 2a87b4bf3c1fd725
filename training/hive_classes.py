"""Dataset generator labels -> Hive source classes, and which classes the source head gets."""
import json
import os

ROOT = os.path.dirname(os.path.abspath(__file__))

# Dataset generator label -> Hive source class (../shared/HIVE-RESPONSE.md). Generators outside Hive's list go to
# other_image_generators. Written out in full so a reader can check every decision.
GENERATOR_TO_HIVE = {
    'stablediffusion': 'stablediffusion',
    'other:sd1.5-family': 'stablediffusion',
    'sd3': 'stablediffusion',
    'sdxl': 'stablediffusionxl',
    'other:sdxl-family-or-finetune': 'stablediffusionxl',
    'flux': 'flux',
    'other:flux': 'flux',
    'gpt-4o': '4o',
    'gpt-image-1': '4o',
    'bing': 'bingimagecreator',
    'dalle3': 'dalle',
    'dalle': 'dalle',
    'other:dalle2': 'dalle',
    'midjourney': 'midjourney',
    'ideogram': 'ideogram',
    'firefly': 'adobefirefly',
    'sora': 'sora',
    'veo3': 'veo3',
    'kling': 'kling',
    'luma': 'luma',
    'hunyuan': 'hunyuan',
    'hunyuanvideo': 'hunyuan',
    'wan': 'wan',
    'stylegan': 'gan',
    'gan': 'gan',
    'stablecascade': 'stablecascade',
    'lcm': 'lcm',
    'omnigen': 'omnigen',
    'sana': 'sana',
    'pixart': 'pixart',
    'kandinsky': 'kandinsky',
    'amused': 'amused',
    'deepfloyd': 'deepfloyd',
    # Outside Hive's list (or only a family name): named in evidence, scored as other_image_generators.
    'gemini': 'other_image_generators',
    'nano-banana': 'other_image_generators',
    'seedance': 'other_image_generators',
    'playground': 'other_image_generators',
    'hidream': 'other_image_generators',
    'lumina': 'other_image_generators',
    'animatediff': 'other_image_generators',
    'ltx': 'other_image_generators',
    # Labels of batches b7 / b8 (added 2026-12-05).
    'omnigen2': 'omnigen',
    'hunyuan-dit': 'hunyuan',
    'other:hunyuandit': 'hunyuan',
    'imagen': 'imagen',
    'dalle2': 'dalle',
    'sd14': 'stablediffusion',
    'sd2': 'stablediffusion',
    'sd3.5': 'stablediffusion',
    'ssd-1b': 'stablediffusionxl',
    'runway': 'runway',
    'recraft': 'recraft',
    'cosmos': 'cosmos',
    'other:cosmos-predict2': 'cosmos',
    'gemini-image': 'other_image_generators',
    'kolors': 'other_image_generators',
}

GENERATOR_MAP = os.path.join(ROOT, 'generator_map.json')


def write_generator_map():
    """GENERATOR_TO_HIVE as JSON (committed), so `npm run eval` maps dataset labels to Hive classes as training does
    (labels not listed fall back to other_image_generators on both sides)."""
    with open(GENERATOR_MAP, 'w', encoding='utf-8') as f:
        json.dump(GENERATOR_TO_HIVE, f, indent=1, sort_keys=True)
        f.write('\n')


# A source class enters the head only with at least this many training images; rarer generators still teach the
# generation head, and their source loss is masked.
MIN_SOURCE_TRAIN = 10


def hive_class(generator, label):
    if label == 'real':
        return 'none'
    if generator in GENERATOR_TO_HIVE:
        return GENERATOR_TO_HIVE[generator]
    return 'other_image_generators' if generator.startswith('other:') or generator else 'other_image_generators'
