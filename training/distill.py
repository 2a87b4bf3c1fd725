"""Distillation, step 2: one student network (v1's MobileNetV2, v1's cost) trained to give the teachers' answers on
the fixed crops of distill_data.py.

Generation head: soft cross-entropy to the teachers' mean calibrated log-odds (each teacher's own temperature, so
a sharp and a soft teacher count alike), mixed with the hard label (--hard, default 0.3) so the student cannot
inherit a shared teacher mistake unchallenged. Source head: the hard label (as train.py), plus the teachers' mean source
distribution mapped onto the student's classes (--source-kd weight), on AI images whose class every teacher knows
(until v25-v27 a teacher with another class list was left out, which with v2 as teacher meant no source KD at all).

usage: VERITAS_SPLIT=$PWD/split-v3.tsv VERITAS_RUNS=runs/vN /usr/bin/python3 distill.py \
         --teacher classifier --teacher v22 \
         [--epochs 16] [--seed 0] [--hard 0.3] [--source-kd 0.5] [--threads 2]
(--teacher names a cache/distill/teacher-<name>.npz; the run folder is then scored by evaluate.py like any other.)"""
import argparse
import collections
import json
import os
import random
import time

import numpy as np
import torch
from PIL import Image

from augmentation import finish_crop
from common import CACHE, RUNS, SPLIT, build_net, read_split, seed_all, write_json
from train_setup import end_epoch, init_imagenet, optimiser, source_head_labels, source_loss, take_step

DATA = os.environ.get('VERITAS_DISTILL', os.path.join(CACHE, 'distill'))  # as distill_data.py


def load_crops():
    """distill_data.py's output: (crops.json's metadata, the crops array, memory-mapped)."""
    meta = json.load(open(os.path.join(DATA, 'crops.json')))
    return meta, np.load(os.path.join(DATA, 'crops.npy'), mmap_mode='r')


def crop_batch(crops, idx, rng):
    """The network's input for crops `idx`: flip and noise from `rng` (augmentation.finish_crop), channels-last."""
    return torch.stack([finish_crop(Image.fromarray(crops[j]), rng) for j in idx]).contiguous(
        memory_format=torch.channels_last
    )


def mapped_source(log_probs, teacher_labels, student_labels):
    """A teacher's source distribution on the student's classes: classes the teacher lacks get 0 (their images keep
    the hard label only: main() asks the source target only of classes every teacher knows); the rows are
    renormalised over the classes both have."""
    idx = {c: i for i, c in enumerate(teacher_labels)}
    p = np.exp(log_probs)
    out = np.zeros((len(p), len(student_labels)), dtype=np.float64)
    for j, c in enumerate(student_labels):
        if c in idx:
            out[:, j] = p[:, idx[c]]
    return out / np.clip(out.sum(1, keepdims=True), 1e-8, None)


def teacher_targets(names, student_labels):
    """(mean generation log-odds per crop, mean source log-probs on the student's classes, the classes every teacher
    knows)."""
    gens, srcs, known = [], [], set(student_labels)
    for n in names:
        t = np.load(os.path.join(DATA, f'teacher-{n}.npz'))
        gens.append(t['generation'])
        labels = list(t['source_labels'])
        if labels != student_labels:
            missing = sorted(set(student_labels) - set(labels))
            print(f'teacher {n}: source classes mapped onto the student\'s; the teacher lacks {missing}')
        srcs.append(mapped_source(t['source'], labels, student_labels))
        known &= set(labels)
    gen = np.mean(gens, axis=0)
    # mean of probabilities, back to log space for the soft cross-entropy
    src = np.log(np.clip(np.mean(srcs, axis=0), 1e-8, 1.0))
    return gen, src, known


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--teacher', action='append', required=True)
    ap.add_argument('--epochs', type=int, default=16)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--hard', type=float, default=0.3, help='weight of the hard label in the generation loss')
    ap.add_argument('--source-kd', type=float, default=0.5, help='weight of the teachers\' source distribution')
    ap.add_argument('--threads', type=int, default=2)
    args = ap.parse_args()
    seed_all(args.seed)
    torch.set_num_threads(args.threads)
    os.makedirs(RUNS, exist_ok=True)
    meta, crops = load_crops()
    k = meta['k']
    rows = {r['path']: r for r in read_split() if r['split'] == 'train'}
    train = [rows[p] for p in meta['paths']]
    source_labels, counts = source_head_labels(train)
    sidx = {c: i for i, c in enumerate(source_labels)}
    gen_t, src_t, known = teacher_targets(args.teacher, source_labels)

    net = init_imagenet(build_net(len(source_labels))).to(memory_format=torch.channels_last)
    steps = -(-len(train) // args.batch) * args.epochs
    opt, sched = optimiser(net, 'mnv2', 0.0, steps)
    write_json(
        os.path.join(RUNS, 'labels.json'),
        {
            'source_labels': source_labels,
            'train_counts': dict(counts),
            'epochs': args.epochs,
            'seed': args.seed,
            'arch': 'mnv2',
            'distilled_from': args.teacher,
            'hard': args.hard,
            'source_kd': args.source_kd,
            'crops': {x: meta[x] for x in ('k', 'seed', 'jpeg_p', 'jpeg_twice', 'window')},
            'split': os.path.basename(SPLIT),
        },
    )
    rng = random.Random(args.seed)
    t_start = time.time()
    for epoch in range(args.epochs):
        net.train()
        order = list(range(len(train)))
        rng.shuffle(order)
        t0, tot = time.time(), collections.Counter()
        for b in range(0, len(order), args.batch):
            idx = [i * k + (epoch + rng.randrange(k)) % k for i in order[b : b + args.batch]]
            x = crop_batch(crops, idx, rng)
            y = torch.tensor([1 if train[j // k]['label'] == 'ai' else 0 for j in idx])
            ys = torch.tensor([sidx.get(train[j // k]['hive_class'], -100) for j in idx])
            p_t = torch.sigmoid(torch.from_numpy(gen_t[idx]).float())
            g, s = net(x)
            logp = torch.log_softmax(g, dim=1)
            soft = -(p_t * logp[:, 1] + (1 - p_t) * logp[:, 0]).mean()
            loss = (1 - args.hard) * soft + args.hard * torch.nn.functional.cross_entropy(g, y) + source_loss(s, ys)
            if args.source_kd > 0:
                # The source head is only asked about AI images (as with hard labels), and only where every teacher
                # knows the image's class: a teacher cannot name a generator it was never trained on.
                ai = (y == 1) & torch.tensor([train[j // k]['hive_class'] in known for j in idx])
                if ai.any():
                    q = torch.from_numpy(np.exp(src_t[idx])).float()[ai]
                    loss = loss - args.source_kd * (q * torch.log_softmax(s[ai], dim=1)).sum(1).mean()
            take_step(opt, sched, loss, tot, g, y)
        end_epoch(net, epoch, args.epochs, tot, time.time() - t0, os.path.join(RUNS, 'classifier.pt'))
    print(f'done in {(time.time() - t_start) / 60:.1f} min')


if __name__ == '__main__':
    main()
