"""Step 3: fine-tune ImageNet MobileNetV2 with two heads on random native-resolution crops, augmentations applied
to both classes alike. Writes runs/classifier.pt and runs/labels.json.

Aligned fakes (optional, off by default): --aligned cache/aligned.pkl (make_aligned.py) adds each TAEF2
reconstruction of a training real photo as an `ai` example. They pass through the same crops and augmentations as
every other image, teach the generation head only (their source loss is masked), and do not change which classes the
source head has.

usage: /usr/bin/python3 train.py [--epochs 8] [--seed 0] [--threads 2] [--no-channels-last] [--jpeg-p 0.6]
       [--jpeg-twice 0]
       [--arch mnv2|npr] [--lr X] [--window 464] [--aligned cache/aligned.pkl [--aligned cache/upscaled.pkl]]
(VERITAS_RUNS=<dir> writes to another run folder; evaluate.py, export.py and model_card.py read the same variable.)

Every recipe (v3 onwards) was written down before it was evaluated: training/RECIPES.md keeps them with their
results.
"""
import argparse
import collections
import math
import os
import pickle
import random
import time

import torch
from PIL import Image

from image_cache import load_images
from augmentation import augment
from common import RUNS, SPLIT, build_net, read_split, seed_all, write_json
from train_setup import end_epoch, init_imagenet, optimiser, source_head_labels, source_loss, take_step


def real_of(path):
    """'aligned:<p>' / 'upscaled:<p>' -> p; a real or generated file -> itself."""
    head, _, rest = path.partition(':')
    return rest if head in ('aligned', 'upscaled') and rest else path


def paired_order(order):
    """The shuffled order with each aligned fake moved right after its real photo (same content, one batch)."""
    fakes = collections.defaultdict(list)
    for r in order:
        if real_of(r['path']) != r['path']:
            fakes[real_of(r['path'])].append(r)
    out = []
    for r in order:
        if real_of(r['path']) == r['path']:
            out.append(r)
            out.extend(fakes.pop(r['path'], []))
    for rest in fakes.values():  # fakes whose real photo is not in training (none expected)
        out.extend(rest)
    return out


def aug_rng(r, rng, pair_seeds):
    """The augmentation draws for one image: the shared stream, or with --pair one seed per real photo that its
    aligned fakes reuse, so a pair gets the same rescale, JPEG quality, blur, flip and noise decisions."""
    if pair_seeds is None:
        return rng
    key = real_of(r['path'])
    if key not in pair_seeds:
        pair_seeds[key] = rng.random()
    return random.Random(pair_seeds[key])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--epochs', type=int, default=8)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument(
        '--jpeg-p', type=float, default=0.6, help='chance of a JPEG re-encode in augmentation (both classes)'
    )
    ap.add_argument('--jpeg-twice', type=float, default=0.0, help='chance that a re-encoded image is re-encoded again')
    ap.add_argument(
        '--threads',
        type=int,
        default=2,
        help='torch CPU threads; 1 when two runs share two cores (changes float rounding only, not the recipe)',
    )
    ap.add_argument(
        '--channels-last',
        action=argparse.BooleanOptionalAction,
        default=True,
        help='NHWC memory layout (~1.2x faster on CPU; float rounding only). --no-channels-last: runs up to v15',
    )
    ap.add_argument(
        '--aligned',
        action='append',
        default=[],
        help='pickle of aligned fakes (make_aligned.py, make_upscaled.py); repeatable; none by default',
    )
    ap.add_argument(
        '--arch',
        choices=('mnv2', 'npr'),
        default='mnv2',
        help='mnv2: ImageNet MobileNetV2 fine-tuned (v1, v2); npr: the artifact branch, trained from scratch',
    )
    ap.add_argument(
        '--lr',
        type=float,
        default=0.0,
        help='peak learning rate (default 3e-4 backbone / 1e-3 heads for mnv2, 2e-3 for npr)',
    )
    ap.add_argument(
        '--window',
        type=int,
        default=0,
        help='augment a random 8-aligned window of this size instead of the whole image (faster; 0 = whole image)',
    )
    ap.add_argument(
        '--pair',
        action='store_true',
        help='keep each aligned fake next to its real photo in the batch order, with the same augmentation draws',
    )
    args = ap.parse_args()
    seed_all(args.seed)
    torch.set_num_threads(args.threads)
    os.makedirs(RUNS, exist_ok=True)

    images = load_images()
    train = [r for r in read_split() if r['split'] == 'train' and r['path'] in images]
    source_labels, counts = source_head_labels(train)
    sidx = {c: i for i, c in enumerate(source_labels)}
    print('source head:', {c: counts[c] for c in source_labels})
    n_aligned = 0
    for path in args.aligned:
        fakes = pickle.load(open(path, 'rb'))
        clash = set(fakes) & set(images)
        if clash:
            raise SystemExit(
                f'{path}: {len(clash)} keys already used (e.g. {sorted(clash)[0]}); aligned sets need distinct keys'
            )
        images.update(fakes)
        # hive_class '' is in no head class, so sidx.get gives -100: the source loss ignores these rows.
        name = os.path.splitext(os.path.basename(path))[0]
        train += [{'path': k, 'label': 'ai', 'generator': f'aligned:{name}', 'hive_class': ''} for k in sorted(fakes)]
        n_aligned += len(fakes)
        print(f'aligned fakes from {path}: {len(fakes)} (train now {len(train)} images)')

    net = build_net(len(source_labels), arch=args.arch)
    if args.arch == 'mnv2':
        init_imagenet(net)
    if args.channels_last:
        # oneDNN runs MobileNetV2 faster on CPU in NHWC (side by side: 13-14 img/s vs ~11); the checkpoint is the same.
        net = net.to(memory_format=torch.channels_last)

    opt, sched = optimiser(net, args.arch, args.lr, math.ceil(len(train) / args.batch) * args.epochs)
    # Written before the first epoch so a checkpoint can be evaluated while training still runs.
    write_json(
        os.path.join(RUNS, 'labels.json'),
        {
            'source_labels': source_labels,
            'train_counts': dict(counts),
            'epochs': args.epochs,
            'seed': args.seed,
            'aligned': [os.path.basename(p) for p in args.aligned] or None,
            'n_aligned': n_aligned,
            'jpeg_p': args.jpeg_p,
            'jpeg_twice': args.jpeg_twice,
            'channels_last': args.channels_last,
            'arch': args.arch,
            'window': args.window,
            'split': os.path.basename(SPLIT),
        },
    )
    rng = random.Random(args.seed)
    # --pair: one augmentation seed per real photo per epoch, shared with its aligned fakes (drawn in the loop).
    pair_seeds = {} if args.pair else None
    t_start = time.time()
    for epoch in range(args.epochs):
        net.train()
        order = train[:]
        rng.shuffle(order)
        if args.pair:
            order = paired_order(order)
        t0 = time.time()
        tot = collections.Counter()
        if pair_seeds is not None:
            pair_seeds.clear()
        for b in range(0, len(order), args.batch):
            batch = order[b : b + args.batch]
            x = torch.stack(
                [
                    augment(
                        Image.fromarray(images[r['path']]),
                        aug_rng(r, rng, pair_seeds),
                        args.jpeg_p,
                        args.jpeg_twice,
                        args.window,
                    )
                    for r in batch
                ]
            )
            if args.channels_last:
                x = x.contiguous(memory_format=torch.channels_last)
            y = torch.tensor([1 if r['label'] == 'ai' else 0 for r in batch])
            ys = torch.tensor([sidx.get(r['hive_class'], -100) for r in batch])
            g, s = net(x)
            loss = torch.nn.functional.cross_entropy(g, y) + source_loss(s, ys)
            take_step(opt, sched, loss, tot, g, y)
        end_epoch(net, epoch, args.epochs, tot, time.time() - t0, os.path.join(RUNS, 'classifier.pt'))
    print(f'done in {(time.time() - t_start) / 60:.1f} min')


if __name__ == '__main__':
    main()
