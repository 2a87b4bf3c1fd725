"""Step 4: evaluate on the held-out sources exactly as the app infers (up to 5 native-resolution 224 crops,
centre then corners, calibrated probabilities averaged), fit the temperatures, choose the threshold, and measure
robustness (JPEG q90/q75, resize 0.5, crop, screenshot-like). Writes runs/metrics.json and runs/calibration.json.

usage: /usr/bin/python3 evaluate.py [--onnx ../public/models/classifier.json --out runs/v1 --variants clean,jpeg75]
                                   [--threshold-over clean|variants] [--int8] [--crops N]
  --onnx evaluates a shipped model instead of runs/classifier.pt: its int8 weights (dequantised) are loaded into the
  BatchNorm-folded torch network, which export.py guarantees computes what the ONNX file computes.
  --int8 evaluates runs/classifier.pt as export.py would ship it (BatchNorm folded, int8 weights), without exporting.
  --out writes metrics.json / calibration.json elsewhere (so a comparison run does not replace the current ones).
  --crops N scores the first N crops of the app's plan (default 5): the temperatures and the threshold are then those
  of an app that averages N crops (the page's default is 3, src/core/photoCrops.ts)."""
import argparse
import collections
import io
import json
import os
import random

import numpy as np
import torch
from PIL import Image

from augmentation import jpeg
from val_metrics import auc, ece, fit_temperature, probs
from common import CROP, RUNS, crop_positions, load_rgb, read_rows, read_split, to_tensor, upscale_small, write_json
from runs import load_run, load_shipped

VARIANTS = ('clean', 'jpeg90', 'jpeg75', 'resize0.5', 'crop', 'screenshot')


def crops_of(im, n=5):
    im = upscale_small(im)
    w, h = im.size
    return torch.stack([to_tensor(im.crop((x, y, x + CROP, y + CROP))) for x, y in crop_positions(w, h, n)])


def variant(im, name, rng):
    if name == 'clean':
        return im
    if name == 'jpeg90':
        return jpeg(im, 90)
    if name == 'jpeg75':
        return jpeg(im, 75)
    if name == 'resize0.5':
        w, h = im.size
        return im.resize((max(1, w // 2), max(1, h // 2)), Image.BILINEAR)
    if name == 'crop':  # a random 60% window, as a re-shared crop would be
        w, h = im.size
        cw, ch = max(CROP, int(w * 0.6)), max(CROP, int(h * 0.6))
        cw, ch = min(cw, w), min(ch, h)
        x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
        return im.crop((x, y, x + cw, y + ch))
    if name == 'screenshot':  # downscale to 2/3 with bicubic, saved losslessly
        w, h = im.size
        im = im.resize((max(1, w * 2 // 3), max(1, h * 2 // 3)), Image.BICUBIC)
        buf = io.BytesIO()
        im.save(buf, 'PNG')
        buf.seek(0)
        return Image.open(buf).convert('RGB')
    raise ValueError(name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--onnx', default='', help='a shipped manifest (classifier.json) to evaluate instead of runs/')
    ap.add_argument('--out', default=RUNS)
    ap.add_argument(
        '--shipped-calibration',
        action='store_true',
        help="with --onnx: score at the manifest's temperatures and threshold (what the app does) "
        "instead of refitting them",
    )
    ap.add_argument('--int8', action='store_true', help="runs/classifier.pt with export.py's folding and int8 weights")
    ap.add_argument('--variants', default=','.join(VARIANTS))
    ap.add_argument('--crops', type=int, default=5, choices=range(1, 6), help='crops per image, as the app plans them')
    ap.add_argument(
        '--threshold-over',
        choices=('clean', 'variants'),
        default='clean',
        help='real-photo scores the 5%% false-positive threshold is fitted on: the stored files, or the '
        'stored files and every transformed copy together',
    )
    args = ap.parse_args()
    if args.shipped_calibration and not args.onnx:
        ap.error('--shipped-calibration needs --onnx')  # before minutes of inference, not after
    torch.set_num_threads(2)
    if args.onnx:
        net, source_labels = load_shipped(args.onnx)
    else:
        net, source_labels = load_run(RUNS)
        if args.int8:
            from export import fake_quantise, fold_bn

            fake_quantise(fold_bn(net))
    os.makedirs(args.out, exist_ok=True)
    # The whole picture, decoded from its file: the training cache keeps a centred 1024 window of large images
    # (cache_images.py), whose corners are not the picture's, so scoring it put the corner crops elsewhere than the
    # app does (2026-12-06: evaluate.py and npm run eval disagreed on 1920x1280 WebP photos by up to 0.2 in P(AI)).
    files = {r['path']: r['full'] for r in read_rows()}
    split = read_split()
    val = [r for r in split if r['split'] == 'val' and r['path'] in files]
    # Issue 2's source floor counts AI images "whose generator is in the training data": a generator the model never
    # saw (a dataset label with no training image) cannot be named, whatever Hive class it maps to.
    seen = {r['generator'] for r in split if r['split'] == 'train' and r['label'] == 'ai'}
    y = [1 if r['label'] == 'ai' else 0 for r in val]
    rng = random.Random(0)
    raw = {}
    for name in [v for v in VARIANTS if v in args.variants.split(',')]:
        gl, sl = [], []
        with torch.no_grad():
            for r in val:
                x = crops_of(variant(load_rgb(files[r['path']]), name, rng), args.crops)
                g, s = net(x)
                gl.append(g)
                sl.append(s)
        raw[name] = (gl, sl)
        print('evaluated', name, flush=True)

    gl, sl = raw['clean']
    t_gen = fit_temperature(gl, y)
    sidx = {c: i for i, c in enumerate(source_labels)}
    named = [(i, sidx[r['hive_class']]) for i, r in enumerate(val) if r['label'] == 'ai' and r['hive_class'] in sidx]
    t_src = fit_temperature([sl[i] for i, _ in named], [k for _, k in named]) if named else 1.0

    p_clean = [float(p[1]) for p in probs(gl, t_gen)]
    real_scores = sorted(p for p, yi in zip(p_clean, y) if yi == 0)
    if args.threshold_over == 'variants':
        # Real photos as users meet them: the stored file and each transformed copy (re-encoded, resized, cropped,
        # screenshotted) count alike, so the threshold is not fitted to pristine files only.
        real_scores = sorted(float(p[1]) for g, _ in raw.values() for p, yi in zip(probs(g, t_gen), y) if yi == 0)
    # Default threshold 0.5; raised only if that lets more than 5% of validation real photos through as "AI".
    threshold = 0.5

    def fpr_at(th):
        return float(np.mean([p > th for p in real_scores]))

    if fpr_at(0.5) > 0.05:
        threshold = float(real_scores[int(np.ceil(0.95 * len(real_scores))) - 1])
    if args.shipped_calibration:
        shipped = json.load(open(args.onnx))
        t_gen, t_src, threshold = (
            shipped['temperature']['generation'],
            shipped['temperature']['source'],
            shipped['threshold'],
        )
    metrics = {
        'n_val': len(val),
        'n_real': int(len(y) - sum(y)),
        'n_ai': int(sum(y)),
        'temperature': {'generation': t_gen, 'source': t_src},
        'threshold': threshold,
        'variants': {},
        'per_source': {},
        'per_generator': {},
    }
    for name, (g, s) in raw.items():
        p = [float(pi[1]) for pi in probs(g, t_gen)]
        pred = [pi > threshold for pi in p]
        ps = probs(s, t_src)
        top1 = [int(ps[i][1:].argmax()) + 1 == k for i, k in named] if len(source_labels) > 1 else []
        top1_seen = [hit for (i, _), hit in zip(named, top1) if val[i]['generator'] in seen]
        metrics['variants'][name] = {
            'auc': auc(p, y),
            'accuracy': float(np.mean([pr == bool(yi) for pr, yi in zip(pred, y)])),
            'fpr_real': float(np.mean([pr for pr, yi in zip(pred, y) if yi == 0])),
            'tpr_ai': float(np.mean([pr for pr, yi in zip(pred, y) if yi == 1])),
            'ece': ece(p, y),
            'source_top1': float(np.mean(top1)) if top1 else float('nan'),
            'source_top1_n': len(top1),
            'source_top1_seen': float(np.mean(top1_seen)) if top1_seen else float('nan'),
            'source_top1_seen_n': len(top1_seen),
        }
        if name == 'clean':
            by_src = collections.defaultdict(list)
            by_gen = collections.defaultdict(list)
            for i, r in enumerate(val):
                by_src[r['source_repo']].append((p[i], y[i]))
                if r['label'] == 'ai':
                    hit = None
                    if r['hive_class'] in sidx:
                        hit = int(ps[i][1:].argmax()) + 1 == sidx[r['hive_class']]
                    by_gen[r['generator']].append((p[i] > threshold, hit))
            for k, v in sorted(by_src.items()):
                ys = [b for _, b in v]
                metrics['per_source'][k] = {
                    'n': len(v),
                    'label': 'ai' if all(ys) else 'real' if not any(ys) else 'mixed',
                    'called_ai': float(np.mean([a > threshold for a, _ in v])),
                    'mean_p_ai': float(np.mean([a for a, _ in v])),
                }
            for k, v in sorted(by_gen.items()):
                hits = [h for _, h in v if h is not None]
                metrics['per_generator'][k] = {
                    'n': len(v),
                    'detected': float(np.mean([d for d, _ in v])),
                    'source_top1': float(np.mean(hits)) if hits else None,
                }
    metrics['threshold_over'] = args.threshold_over
    metrics['crops'] = args.crops
    metrics['calibration'] = 'shipped' if args.shipped_calibration else 'fitted'
    write_json(os.path.join(args.out, 'metrics.json'), metrics)
    # Per-image calibrated P(AI) for every variant, so other operating points can be studied without re-running.
    write_json(
        os.path.join(args.out, 'scores.json'),
        {
            'paths': [r['path'] for r in val],
            'labels': y,
            'p_ai': {n: [float(pi[1]) for pi in probs(g, t_gen)] for n, (g, _) in raw.items()},
        },
    )
    write_json(
        os.path.join(args.out, 'calibration.json'), {'temperature': metrics['temperature'], 'threshold': threshold}
    )
    for k, v in metrics['variants'].items():
        print(
            f"{k:11s} AUC {v['auc']:.4f} acc {v['accuracy']:.3f} FPR {v['fpr_real']:.3f} TPR {v['tpr_ai']:.3f} "
            f"ECE {v['ece']:.3f} src-top1 {v['source_top1']:.3f} (n={v['source_top1_n']}; "
            f"seen generators {v['source_top1_seen']:.3f}, n={v['source_top1_seen_n']})"
        )
    print('temperature', metrics['temperature'], 'threshold', threshold)


if __name__ == '__main__':
    main()
