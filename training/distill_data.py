"""Distillation, step 1: fixed augmented crops of every training image and the teachers' calibrated answers on them.

A teacher ensemble costs several networks per crop; running it inside the student's training loop would make every
epoch several times dearer on CPU. So each training image gets K crops drawn once (augmentation.augment_crop: the same
rescale / JPEG / window / blur draws as training, seeded per image and crop), stored as uint8 in a memory-mapped
file, and every teacher scores them once. The student (distill.py) then reads crops and targets; flip and noise stay
random per epoch (finish_crop), which no teacher is sensitive to by construction of its own training.

usage: VERITAS_SPLIT=$PWD/split-v3.tsv /usr/bin/python3 distill_data.py --k 8 --seed 20 \
         --teacher ../public/models/classifier.json --teacher runs/v22 [...] [--window 464] \
         [--jpeg-p 0.8 --jpeg-twice 0.3]
Writes cache/distill/crops.npy ([N, 224, 224, 3]) and cache/distill/targets.npz (per teacher: generation log-odds
after its temperature; source log-probabilities after its temperature, with that teacher's class names)."""
import argparse
import hashlib
import json
import os
import random

import numpy as np
import torch
from PIL import Image

from image_cache import load_images
from augmentation import augment_crop
from common import CACHE, CROP, read_split, to_tensor, write_json
from runs import load_scorer

# VERITAS_DISTILL: another folder (a smoke run on a few images must not replace the real one).
OUT = os.environ.get('VERITAS_DISTILL', os.path.join(CACHE, 'distill'))


def crop_seed(seed, path, k):
    return int(hashlib.sha1(f'{seed}:{path}:{k}'.encode()).hexdigest()[:12], 16)


def make_crops(train, images, k, seed, jpeg_p, jpeg_twice, window):
    n = len(train) * k
    crops = np.lib.format.open_memmap(
        os.path.join(OUT, 'crops.npy'), mode='w+', dtype=np.uint8, shape=(n, CROP, CROP, 3)
    )
    for i, r in enumerate(train):
        im = Image.fromarray(images[r['path']])
        for j in range(k):
            rng = random.Random(crop_seed(seed, r['path'], j))
            crops[i * k + j] = np.asarray(augment_crop(im, rng, jpeg_p, jpeg_twice, window), dtype=np.uint8)
        if i % 500 == 0:
            print(f'crops {i}/{len(train)}', flush=True)
    crops.flush()
    return crops


def score(spec, crops, batch=64):
    """(generation log-odds, source log-probs, source labels) of one teacher on every crop, after its temperatures."""
    net, source_labels, t = load_scorer(spec)
    gen, src = [], []
    with torch.no_grad():
        for b in range(0, len(crops), batch):
            x = torch.stack([to_tensor(Image.fromarray(c)) for c in crops[b : b + batch]])
            g, s = net(x)
            g = g / t['generation']
            gen.append((g[:, 1] - g[:, 0]).numpy())
            src.append(torch.log_softmax(s / t['source'], dim=1).numpy())
            if b % (batch * 50) == 0:
                print(f'{spec}: {b}/{len(crops)}', flush=True)
    return np.concatenate(gen), np.concatenate(src), source_labels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--k', type=int, default=8)
    ap.add_argument('--seed', type=int, default=20)
    ap.add_argument(
        '--teacher',
        action='append',
        required=True,
        help='a shipped classifier.json or a run folder scored by evaluate.py; repeatable',
    )
    ap.add_argument('--jpeg-p', type=float, default=0.8)
    ap.add_argument('--jpeg-twice', type=float, default=0.3)
    ap.add_argument('--window', type=int, default=464)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--limit', type=int, default=0, help='only the first N training images (a smoke run)')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(OUT, exist_ok=True)
    images = load_images()
    train = [r for r in read_split() if r['split'] == 'train' and r['path'] in images]
    if args.limit:
        train = train[: args.limit]
    crops_path = os.path.join(OUT, 'crops.npy')
    meta_path = os.path.join(OUT, 'crops.json')
    meta = {
        'paths': [r['path'] for r in train],
        'k': args.k,
        'seed': args.seed,
        'jpeg_p': args.jpeg_p,
        'jpeg_twice': args.jpeg_twice,
        'window': args.window,
    }
    # Crops are made once and kept: a second teacher run (or a resumed one) reuses them when nothing changed.
    if os.path.exists(crops_path) and os.path.exists(meta_path) and json.load(open(meta_path)) == meta:
        crops = np.load(crops_path, mmap_mode='r')
    else:
        # New crops void every teacher's answers on the old ones.
        for f in os.listdir(OUT):
            if f.startswith('teacher-') and f.endswith('.npz'):
                os.remove(os.path.join(OUT, f))
        crops = make_crops(train, images, args.k, args.seed, args.jpeg_p, args.jpeg_twice, args.window)
        write_json(meta_path, meta)
    del images
    for spec in args.teacher:
        name = os.path.basename(os.path.normpath(spec)).replace('.json', '')
        out = os.path.join(OUT, f'teacher-{name}.npz')
        if os.path.exists(out):
            print(f'{out} exists: kept')
            continue
        gen, src, labels = score(spec, crops)
        np.savez(out, generation=gen, source=src, source_labels=np.array(labels))
        print(f'wrote {out}', flush=True)


if __name__ == '__main__':
    main()
