"""Shared definitions for the classifier pipeline: data rows, the generator -> Hive class table, the model,
and the crop / augmentation rules that the app (src/core/cropPlan.ts, src/core/preprocess.ts) mirrors."""
import csv
import io
import json
import os
import random

import numpy as np
import torch
import torchvision
from PIL import Image, ImageFile, ImageFilter, ImageOps, PngImagePlugin

# ComfyUI PNGs carry their whole workflow in text chunks, several MB: Pillow's 1 MB default refuses to open them.
PngImagePlugin.MAX_TEXT_CHUNK = 64 * 1024 * 1024
# Decode what a browser decodes: an ancillary PNG chunk with a bad checksum (some ComfyUI examples, edited after
# saving) is skipped, and a truncated JPEG keeps its decoded part, instead of the file being refused.
ImageFile.LOAD_TRUNCATED_IMAGES = True

ROOT = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(ROOT)
SHARED = os.environ.get('VERITAS_SHARED', os.path.join(REPO, '..', 'shared'))
DATA = os.path.join(SHARED, 'data')
EXTRA = os.environ.get('VERITAS_EXTRA', os.path.join(REPO, 'data-extra'))
CACHE = os.path.join(ROOT, 'cache')
# VERITAS_RUNS: a separate run folder, so two recipes can train (and be evaluated) side by side.
RUNS = os.environ.get('VERITAS_RUNS', os.path.join(ROOT, 'runs'))
# VERITAS_SPLIT: the split a run trains and is evaluated on. split.tsv is the shipped model's (npm run eval reads it to
# know which generators the shipped model saw); split-v3.tsv adds the b7 / b8 batches for the next version.
SPLIT = os.environ.get('VERITAS_SPLIT', os.path.join(ROOT, 'split.tsv'))
CROP = 224
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
IMAGE_EXT = {'jpg', 'jpeg', 'png', 'webp', 'gif', 'bmp', 'avif', 'heic', 'heif'}

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


def read_rows():
    """Image rows (real / ai) of manifest.tsv and, where fetched, extra.tsv. Videos and deepfakes are excluded."""
    rows = []
    for tsv, base in ((os.path.join(DATA, 'manifest.tsv'), DATA), (os.path.join(DATA, 'extra.tsv'), EXTRA)):
        if not os.path.exists(tsv):
            continue
        for r in csv.DictReader(open(tsv, encoding='utf-8'), delimiter='\t'):
            if r['label'] not in ('real', 'ai'):
                continue
            if r['path'].rsplit('.', 1)[-1].lower() not in IMAGE_EXT:
                continue
            full = os.path.join(base, r['path'])
            if not os.path.exists(full):
                continue
            rows.append(
                {
                    'path': r['path'],
                    'full': full,
                    'label': r['label'],
                    'generator': r['generator'],
                    'source_repo': r['source_repo'],
                    'hive': hive_class(r['generator'], r['label']),
                }
            )
    return rows


def open_heif(path):
    """HEIC / HEIF / AVIF, which Debian's Pillow cannot open: libheif's heif-convert (package libheif-examples, the
    decoder the app's WebAssembly fallback wraps) writes a PNG with the irot / imir transforms already applied."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, 'x.png')
        subprocess.run(['heif-convert', '--quiet', path, out], check=True, capture_output=True, timeout=120)
        return Image.open(out).convert('RGB')


def load_rgb(path):
    """Decode as the browser does: EXIF orientation applied, first frame, colour channels kept as stored (alpha
    dropped, like the app's preprocess), then upscale only if the short side is below the crop size."""
    if path.rsplit('.', 1)[-1].lower() in ('heic', 'heif', 'avif'):
        try:
            return upscale_small(open_heif(path))
        except (OSError, ValueError, RuntimeError) as e:
            if path.lower().endswith(('.heic', '.heif')):
                raise
            print(f'{path}: libheif could not decode it ({e}); trying Pillow', flush=True)
    im = Image.open(path)
    im.seek(0)
    im = ImageOps.exif_transpose(im)
    im = im.convert('RGB')
    return upscale_small(im)


def upscale_small(im):
    w, h = im.size
    short = min(w, h)
    if short < CROP:
        s = CROP / short
        im = im.resize((max(CROP, round(w * s)), max(CROP, round(h * s))), Image.BILINEAR)
    return im


def crop_positions(w, h, max_crops=5):
    """Centre, then four corners (src/core/cropPlan.ts)."""
    cx, cy = (w - CROP) // 2, (h - CROP) // 2
    out = []
    for p in ((cx, cy), (0, 0), (w - CROP, 0), (0, h - CROP), (w - CROP, h - CROP)):
        if p not in out:
            out.append(p)
    return out[:max_crops]


def to_tensor(im):
    a = np.asarray(im, dtype=np.float32) / 255.0
    a = (a - np.array(MEAN, dtype=np.float32)) / np.array(STD, dtype=np.float32)
    return torch.from_numpy(a.transpose(2, 0, 1).copy())


def jpeg(im, q):
    buf = io.BytesIO()
    im.save(buf, 'JPEG', quality=int(q))
    buf.seek(0)
    return Image.open(buf).convert('RGB')


def augment(im, rng, jpeg_p=0.6, jpeg_twice=0.0, window=0):
    """augment_crop then finish_crop: one augmented, normalised 224 crop (the draws in the order every recipe used)."""
    return finish_crop(augment_crop(im, rng, jpeg_p, jpeg_twice, window), rng)


def augment_crop(im, rng, jpeg_p=0.6, jpeg_twice=0.0, window=0):
    """The augmentations up to the 224 crop (PIL), so distillation can store fixed crops. Applied to both classes
    alike, so neither file format nor size can separate them. jpeg_p: chance of a JPEG
    re-encode (quality 50-100); jpeg_twice: chance that a re-encoded image is re-encoded once more at an
    independent quality, the history of a photo shared, saved and shared again. window: work on a random window of
    this size first (its offset a multiple of 8, so a re-encode's 8x8 grid stays aligned with the file's own, as when
    the whole image is re-encoded); only the final 224 crop is kept anyway, and re-encoding 464 px instead of up to
    1024 px is what makes an epoch of the small artifact network affordable on CPU."""
    w, h = im.size
    if window and (w > window or h > window):
        x, y = 8 * rng.randint(0, max(0, w - window) // 8), 8 * rng.randint(0, max(0, h - window) // 8)
        im = im.crop((x, y, min(w, x + window), min(h, y + window)))
        w, h = im.size
    if rng.random() < 0.35:  # rescale (0.5-1.5x), as re-shared images are
        s = rng.uniform(0.5, 1.5)
        im = upscale_small(im.resize((max(8, round(w * s)), max(8, round(h * s))), Image.BILINEAR))
    elif rng.random() < 0.1:  # screenshot-like: downscale then lossless
        s = rng.uniform(0.5, 0.8)
        im = upscale_small(im.resize((max(8, round(w * s)), max(8, round(h * s))), Image.BICUBIC))
    if rng.random() < jpeg_p:  # JPEG re-encode, both classes
        im = jpeg(im, rng.randint(50, 100))
        if jpeg_twice and rng.random() < jpeg_twice:
            im = jpeg(im, rng.randint(50, 100))
    w, h = im.size
    x, y = rng.randint(0, w - CROP), rng.randint(0, h - CROP)
    im = im.crop((x, y, x + CROP, y + CROP))
    if rng.random() < 0.1:
        im = im.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2)))
    return im


def finish_crop(im, rng):
    """Flip and sensor-like noise on a 224 crop, then the normalised tensor."""
    if rng.random() < 0.5:
        im = im.transpose(Image.FLIP_LEFT_RIGHT)
    t = to_tensor(im)
    if rng.random() < 0.1:
        t = t + torch.randn_like(t) * rng.uniform(0.01, 0.05) / 0.226
    return t


class Net(torch.nn.Module):
    """MobileNetV2 features + two linear heads: generation (2) and source (len(source_labels))."""

    def __init__(self, n_source):
        super().__init__()
        self.features = torchvision.models.mobilenet_v2().features
        self.drop = torch.nn.Dropout(0.2)
        self.generation = torch.nn.Linear(1280, 2)
        self.source = torch.nn.Linear(1280, n_source)

    def forward(self, x):
        h = self.features(x).mean((2, 3))
        h = self.drop(h)
        return self.generation(h), self.source(h)


class Ensemble(torch.nn.Module):
    """Several Nets in one graph: each sees the same crops, and their generation and source logits are averaged.
    Averaging predictions of independently seeded runs is steadier than any one of them (seed spread on the
    validation split is ~0.03 AUC) and, unlike a weight average, does not assume the runs share one loss basin."""

    def __init__(self, n_source, members):
        super().__init__()
        self.members = torch.nn.ModuleList([Net(n_source) for _ in range(members)])

    def forward(self, x):
        outs = [m(x) for m in self.members]
        return (torch.stack([g for g, _ in outs]).mean(0), torch.stack([s for _, s in outs]).mean(0))


def build_net(n_source, members=1, arch='mnv2'):
    """The network a run (labels.json 'members', 'arch') or a shipped manifest describes; 1 member = a single net.
    arch 'mnv2' is Net (the semantic branch), 'npr' the artifact branch (artifact.NprNet)."""
    if members != 1:
        return Ensemble(n_source, members)
    if arch == 'npr':
        from artifact import NprNet

        return NprNet(n_source)
    return Net(n_source)


def read_split():
    return list(csv.DictReader(open(SPLIT, encoding='utf-8'), delimiter='\t'))


def seed_all(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def write_json(path, obj):
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(obj, f, indent=2, sort_keys=False)
        f.write('\n')
