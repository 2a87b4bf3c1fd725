"""Step 5 (re-runnable by anyone with ../shared/data): our deepfake head vs the MesoNet Meso4 baseline, on the
same held-out faces (faces found by the app's own detector, runs/faces.tsv; aligned crops from the same keypoints).

- Fakes: frames of every face-swap and talking-head item in the data (all held out: training saw real faces only).
  Fakes added to the data after v1 (split eval_new) are scored in a separate section, 'with_new_fakes'.
- Reals: faces from sources never used in training (deepface test photos, SadTalker and MEAD real clips,
  DeepFaceLab/GHOST originals).
Frame score = highest face score in the frame (the product's `deepfake` class); frames with no face of at least
MIN_FACE_PX are left out of the AUC (counted). Our model is evaluated with its int8 round-tripped weights, i.e.
the shipped numbers. MesoNet gets the same crop framing at its own input size (256, values in [0, 1]).
Crops and inference: scoring.py; the figures: metrics.py.

Run: /usr/bin/python3 training/deepfake/evaluate.py [--calibrate] [--no-flip] [--weights PT] [--out JSON]
     [--manifest JSON]
  --calibrate also writes runs/threshold.json (temperature from train.py; threshold = the probability that
  keeps the false-positive rate on TRAINING real faces at 5%: chosen without looking at evaluation data; and
  whether flip averaging was used, which export.py copies into deepfake.json as tta_flip), and the same for the
  other TTA mode (runs/threshold_without_flip.json or _with_flip.json).
  --no-flip makes the crop alone (no mirror averaging) the main figure; the other mode is always reported too.
Writes training/deepfake/results.json (or --out); --weights scores other weights than runs/deepfake.pt, and
--manifest takes the operating point's temperature and threshold from a shipped deepfake.json (e.g. v1's).
"""
import argparse
import json
import os

import numpy as np
import torch

import faces as fc
from meso4 import load_meso4
from metrics import operating_point, summarise
from model import quantized_net
from scoring import crops_for, run, run_pair, tta

torch.set_num_threads(2)
DEFAULT_WEIGHTS = os.path.join(fc.RUNS, 'deepfake.pt')
MESO = os.path.join(fc.HERE, '..', '..', '..', 'shared', 'weights', 'mesonet', 'Meso4_DF.pth')


def parse_args():
    ap = argparse.ArgumentParser(description='Score the deepfake head and MesoNet on the held-out faces.')
    ap.add_argument('--calibrate', action='store_true', help='write runs/threshold*.json from training real faces')
    ap.add_argument('--no-flip', dest='flip', action='store_false', help='the crop alone is the main figure')
    ap.add_argument('--weights', default=DEFAULT_WEIGHTS)
    ap.add_argument('--out', default=os.path.join(fc.HERE, 'results.json'))
    ap.add_argument('--manifest', help='a shipped deepfake.json: its temperature and threshold')
    return ap.parse_args()


def is_eval(row):
    return row['split'] == 'eval'


def threshold_paths(flip):
    """runs/threshold.json for the main TTA mode, runs/threshold_with(out)_flip.json for the other."""
    return {
        f: os.path.join(fc.RUNS, 'threshold.json' if f == flip else f'threshold_{mode(f)}.json') for f in (True, False)
    }


def mode(flip):
    return 'with_flip' if flip else 'without_flip'


def calibrate(net, paths):
    """Threshold = 95th percentile of TRAINING real faces' probabilities (5% FPR there), per TTA mode."""
    T = float(open(os.path.join(fc.RUNS, 'temperature.txt')).read())
    xt, _, _ = crops_for(lambda r: r['split'] == 'train')
    pt = run_pair(net, xt)
    for flip in (True, False):
        p = 1 / (1 + np.exp(-tta(pt, flip) / T))
        with open(paths[flip], 'w') as f:
            json.dump({'temperature': T, 'threshold': float(np.quantile(p, 0.95)), 'tta_flip': flip}, f)


def calibrations(args, paths):
    """TTA mode -> calibration: the shipped manifest's (--manifest), or runs/threshold*.json for runs/deepfake.pt."""
    if args.manifest:
        m = json.load(open(args.manifest))
        flip = bool(m['tta_flip'])
        return {flip: {'temperature': m['temperature'], 'threshold': m['threshold'], 'tta_flip': flip}}
    if args.weights == DEFAULT_WEIGHTS:
        return {flip: json.load(open(paths[flip])) for flip in (True, False) if os.path.exists(paths[flip])}
    return {}


def main():
    args = parse_args()
    main_flip = args.flip
    other = 'ours_' + mode(not main_flip)
    x, xm, meta = crops_for(is_eval)
    net = quantized_net(args.weights)
    meso = load_meso4(MESO)
    pair = run_pair(net, x)
    ours = tta(pair, main_flip)
    theirs = 1 - run(meso, xm)  # Meso4 outputs P(real)
    results = {
        'faces': len(meta),
        'flip_averaged': main_flip,
        'ours': summarise('ours (int8)', ours, meta),
        other: summarise(f'ours (int8), {other}', tta(pair, not main_flip), meta),
        'mesonet_meso4_df': summarise('MesoNet Meso4_DF', theirs, meta),
    }
    # Fakes added to the data after v1 (prepare.py EVAL_NEW: roop, V-Express/VASA-1/EMO clips): scored against the
    # same real frames in a separate section, so the figures above stay comparable with v1's.
    xn, xmn, metan = crops_for(lambda r: r['split'] == 'eval_new')
    if len(metan):
        pn = run_pair(net, xn)
        both = meta + metan
        results['with_new_fakes'] = {
            'ours': summarise('ours + new fakes', np.concatenate([ours, tta(pn, main_flip)]), both),
            other: summarise(
                f'{other} + new fakes', np.concatenate([tta(pair, not main_flip), tta(pn, not main_flip)]), both
            )['frame_auc'],
            'mesonet_meso4_df': summarise('Meso4 + new fakes', np.concatenate([theirs, 1 - run(meso, xmn)]), both),
        }
    # Robustness: the same evaluation after re-encoding every frame as JPEG q75.
    xj, xmj, metaj = crops_for(is_eval, jpeg_q=75)
    pj = run_pair(net, xj)
    results['jpeg_q75'] = {
        'ours': summarise('ours, JPEG q75', tta(pj, main_flip), metaj)['frame_auc'],
        other: summarise(f'{other}, JPEG q75', tta(pj, not main_flip), metaj)['frame_auc'],
        'mesonet_meso4_df': summarise('Meso4, JPEG q75', 1 - run(meso, xmj), metaj)['frame_auc'],
    }
    # Operating point: the shipped manifest's calibration (--manifest), or runs/threshold.json (this run's weights).
    paths = threshold_paths(main_flip)
    if args.calibrate:
        calibrate(net, paths)
    for flip, cal in calibrations(args, paths).items():
        key = 'operating_point' if flip == main_flip else 'operating_point_' + mode(flip)
        results[key] = operating_point(tta(pair, flip), meta, cal)
        print(key, results[key])
    with open(args.out, 'w') as f:
        json.dump(results, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
