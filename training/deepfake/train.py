"""Step 3: train the deepfake head on pseudo-fakes made from real faces only (no deepfake is ever seen).

Every training example is a REAL face (data.py). Its pseudo-fake twin is one of two families (blend.py): a
self-blended image (SBI) inside a soft mask (masks.py), or the face re-synthesised by the tiny FLUX.2 autoencoder
(resynth.py, precomputed once per face into runs/resynth.npz, the expensive part), kept whole or blended back. Both
classes get the same framing jitter and degradations (augment.py). validation.py holds the fixed validation pairs
(held-out training sources) and the temperature fit. Recipes and their results: RECIPES.md.

With --fakes-fold, real deepfake faces join the pseudo-fakes (v10): the items outside fold K of fake-folds.tsv
(folds.py), or all of them; in each pair the fake side is a real deepfake face with probability --p-real-fake.

Run: /usr/bin/python3 training/deepfake/train.py [minutes] [--steps N] [--landmarks] [--init PATH]
     [--stream-seed N] [--out DIR] [--fakes-fold K|all] [--p-real-fake P]
(logs to runs/train.log, weights to runs/deepfake.pt, temperature to runs/temperature.txt; --out DIR writes those
three there instead, so a candidate can train while runs/ keeps the shipped model's files; --init starts from earlier
weights saved by train.py, not from onnx_to_pt.py's folded ones)
"""
import argparse
import math
import os
import random
import time

import numpy as np
import torch
import torch.nn.functional as F

import faces as fc
from augment import P_RESYNTH, degrade, final_crop, make_pair
from data import SEED, fake_crops
from folds import training_fakes
from model import build_model, to_tensor
from validation import fit_temperature, logits, validation_set

torch.set_num_threads(2)
BATCH = 32


def parse_args():
    ap = argparse.ArgumentParser(description='Train the deepfake head on pseudo-fakes of real faces.')
    ap.add_argument('minutes', nargs='?', type=float, default=14, help='time budget, unless --steps is given')
    # --steps N: a fixed number of optimiser steps (the cosine schedule runs over steps), so a run does not depend on
    # how busy the machine is; without it, the time budget in minutes.
    ap.add_argument('--steps', type=int, default=0)
    ap.add_argument('--landmarks', action='store_true', help='draw most blend masks from the MediaPipe mesh (v4)')
    ap.add_argument('--init', help='start from weights saved by train.py')
    # --stream-seed: seed of the training stream only (batches, augmentations, dropout). A run continued from earlier
    # weights (--init) uses a new one so it does not replay the same batches; the re-synthesis cache and the
    # validation split keep SEED.
    ap.add_argument('--stream-seed', type=int, default=SEED)
    ap.add_argument('--out', default=fc.RUNS, help='folder for train.log, deepfake.pt and temperature.txt')
    ap.add_argument('--fakes-fold', help='learn from real deepfakes too: those outside fold K (0, 1), or all')
    ap.add_argument('--p-real-fake', type=float, default=0.5, help='share of pairs whose fake is a real deepfake')
    return ap.parse_args()


def source_weights(data, train):
    """Sampling weight 1/sqrt(faces of the source): a 16-frame clip counts 4x a photo, not 16x."""
    per_src = {}
    for i in train:
        per_src[data[i].source] = per_src.get(data[i].source, 0) + 1
    w = np.array([1 / math.sqrt(per_src[data[i].source]) for i in train])
    w /= w.sum()
    return w, len(per_src)


def lr_scale(frac):
    """Linear warm-up over the first 3% of the budget (steps or time), then cosine decay to zero at its end."""
    return frac / 0.03 if frac < 0.03 else 0.5 * (1 + math.cos(math.pi * (frac - 0.03) / 0.97))


def optimiser(net, init):
    """AdamW; the new head learns 5x faster than the ImageNet body (a bit slower for a continued run)."""
    head = [p for n, p in net.named_parameters() if n.startswith('classifier')]
    body = [p for n, p in net.named_parameters() if not n.startswith('classifier')]
    base_lrs = (3e-4, 1.5e-3) if init else (4e-4, 2e-3)
    params = [{'params': body, 'lr': base_lrs[0]}, {'params': head, 'lr': base_lrs[1]}]
    return torch.optim.AdamW(params, weight_decay=1e-4), base_lrs


def batch(data, train, w, resynth, rng, fakes=(), fw=None, p_real_fake=0.0):
    """BATCH // 2 faces drawn by source weight, each giving a real and a pseudo-fake input; with real deepfake faces
    (fakes, drawn by their source weight fw), the fake side is one of them with probability p_real_fake, framed and
    degraded as the pseudo-fakes are."""
    xs, ys = [], []
    for i in rng.choice(train, BATCH // 2, p=w):
        face = data[i]
        r, f = make_pair(face.crop, face.kp, rng, resynth.get(int(i)), face.mesh)
        if len(fakes) and rng.random() < p_real_fake:
            f = to_tensor(degrade(final_crop(fakes[rng.choice(len(fakes), p=fw)].crop, rng), rng))
        xs += [r, f]
        ys += [0, 1]
    return torch.stack(xs), torch.tensor(ys, dtype=torch.float32)


def main():
    args = parse_args()
    stream, steps_total, minutes, out = args.stream_seed, args.steps, args.minutes, args.out
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(stream)
    torch.manual_seed(stream)
    random.seed(stream)
    log = open(os.path.join(out, 'train.log'), 'a')

    def say(*a):
        s = ' '.join(str(x) for x in a)
        print(s, flush=True)
        log.write(s + '\n')
        log.flush()

    data, resynth, train, val, vx, vy = validation_set(args.landmarks)
    w, n_sources = source_weights(data, train)
    fakes = fake_crops(training_fakes(args.fakes_fold))
    fw = source_weights(fakes, range(len(fakes)))[0] if fakes else None
    if args.fakes_fold is not None:
        say(
            f'real deepfakes (fold {args.fakes_fold}): {len(fakes)} faces from {len({f.source for f in fakes})} items, '
            f'p_real_fake {args.p_real_fake}'
        )
    say(
        f'faces: train {len(train)} ({n_sources} sources) val {len(val)} ({len({data[i].source for i in val})} '
        f'sources); re-synthesised {len(resynth)}; with landmarks {sum(f.mesh is not None for f in data)}; '
        f'steps {steps_total or "by time"}; stream seed {stream}'
    )
    net = build_model()
    if args.init:
        net.load_state_dict(torch.load(args.init, map_location='cpu'))
        say('init from', args.init, 'stream seed', stream, 'minutes', minutes, 'P_RESYNTH', P_RESYNTH)
    opt, base_lrs = optimiser(net, args.init)
    t_end = time.time() + minutes * 60
    step = 0
    t0 = time.time()
    while (step < steps_total) if steps_total else (time.time() < t_end):
        net.train()
        x, y = batch(data, train, w, resynth, rng, fakes, fw, args.p_real_fake)
        frac = step / steps_total if steps_total else min(1.0, (time.time() - t0) / (minutes * 60))
        for g, base_lr in zip(opt.param_groups, base_lrs):
            g['lr'] = base_lr * lr_scale(frac)
        loss = F.binary_cross_entropy_with_logits(net(x).squeeze(1), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % 25 == 0:
            vl = logits(net, vx)
            vloss = F.binary_cross_entropy_with_logits(vl, vy).item()
            acc = ((vl > 0).float() == vy).float().mean().item()
            say(f'step {step} t {time.time() - t0:.0f}s loss {loss.item():.4f} val_loss {vloss:.4f} val_acc {acc:.3f}')
            torch.save(net.state_dict(), os.path.join(out, 'deepfake.pt'))
    net.eval()
    torch.save(net.state_dict(), os.path.join(out, 'deepfake.pt'))
    T = fit_temperature(net, vx, vy)
    with open(os.path.join(out, 'temperature.txt'), 'w') as f:
        f.write(f'{T:.2f}\n')
    say(f'done: {step} steps in {time.time() - t0:.0f}s, temperature {T:.2f}')


if __name__ == '__main__':
    main()
