"""Shared definitions for the classifier pipeline: data rows, the generator -> Hive class table, the model,
and the crop / augmentation rules that the app (src/core/cropPlan.ts, src/core/preprocess.ts) mirrors."""
import csv
import json
import os
import random

import numpy as np
import torch
import torchvision
from PIL import Image, ImageFile, ImageOps, PngImagePlugin

from hive_classes import hive_class

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
    """Centre, then four corners, opposite corners first, in src/core/cropPlan.ts's order (a plan cut to 3 crops is
    centre, top-left, bottom-right in both)."""
    cx, cy = (w - CROP) // 2, (h - CROP) // 2
    out = []
    for p in ((cx, cy), (0, 0), (w - CROP, h - CROP), (w - CROP, 0), (0, h - CROP)):
        if p not in out:
            out.append(p)
    return out[:max_crops]


def to_tensor(im):
    a = np.asarray(im, dtype=np.float32) / 255.0
    a = (a - np.array(MEAN, dtype=np.float32)) / np.array(STD, dtype=np.float32)
    return torch.from_numpy(a.transpose(2, 0, 1).copy())


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
