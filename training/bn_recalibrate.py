"""BatchNorm statistics measured again, on training crops, for a classifier checkpoint whose weights were averaged
(soup.py). Averaging the weights of several runs does not average what their layers output, so the averaged
running means and variances no longer match the averaged network's activations; a pass over training images in
train mode (no gradient, cumulative averages) replaces them. Only BatchNorm buffers change; no weight is trained,
and no validation image is read.

usage: VERITAS_SPLIT=$PWD/split-v3.tsv VERITAS_RUNS=runs/vN /usr/bin/python3 bn_recalibrate.py [--crops 4096]
       [--seed 0] [--batch 64] [--threads 2]
(reads runs/vN/classifier.pt and labels.json, the crops of distill_data.py in cache/distill, writes classifier.pt
back; prints the training-crop accuracy before and after, a check that the soup is still a working network)
"""
import argparse
import json
import os
import random

import torch

from common import RUNS, build_net, read_split, seed_all
from distill import crop_batch, load_crops


def batches(crops, meta, rows, picks, batch, seed):
    """(images, generation labels) of the picked crops, in fixed order, flips and noise drawn from one seed."""
    rng = random.Random(seed)
    k = meta['k']
    for b in range(0, len(picks), batch):
        idx = picks[b : b + batch]
        x = crop_batch(crops, idx, rng)
        y = torch.tensor([1 if rows[meta['paths'][j // k]]['label'] == 'ai' else 0 for j in idx])
        yield x, y


def accuracy(net, data):
    net.eval()
    right = total = 0
    with torch.no_grad():
        for x, y in data:
            right += int((net(x)[0].argmax(1) == y).sum())
            total += len(y)
    return right / max(1, total)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--crops', type=int, default=4096)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--threads', type=int, default=2)
    args = ap.parse_args()
    seed_all(args.seed)
    torch.set_num_threads(args.threads)
    meta, crops = load_crops()
    rows = {r['path']: r for r in read_split() if r['split'] == 'train'}
    missing = [p for p in meta['paths'] if p not in rows]
    if missing:
        raise SystemExit(f'{len(missing)} cached crops are not on the split\'s train side, e.g. {missing[0]}')
    labels = json.load(open(os.path.join(RUNS, 'labels.json')))
    net = build_net(len(labels['source_labels'])).to(memory_format=torch.channels_last)
    net.load_state_dict(torch.load(os.path.join(RUNS, 'classifier.pt'), map_location='cpu'))
    picks = sorted(random.Random(args.seed).sample(range(len(crops)), min(args.crops, len(crops))))
    check = picks[: min(1024, len(picks))]
    print(f'training-crop accuracy before: {accuracy(net, batches(crops, meta, rows, check, args.batch, 1)):.3f}')
    bns = [m for m in net.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None  # cumulative average over every batch of the pass
    net.train()
    with torch.no_grad():
        for x, _ in batches(crops, meta, rows, picks, args.batch, args.seed):
            net(x)
    print(f'training-crop accuracy after: {accuracy(net, batches(crops, meta, rows, check, args.batch, 1)):.3f}')
    torch.save(net.state_dict(), os.path.join(RUNS, 'classifier.pt'))
    print(f'{len(bns)} BatchNorm layers measured again on {len(picks)} training crops')


if __name__ == '__main__':
    main()
