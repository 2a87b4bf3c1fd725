"""MesoNet (Meso4_DF and Meso4_F2F, ../shared/weights/mesonet) on exactly the faces the product judged, so the baseline
and the shipped head are compared on the same files, frames and faces (issue 11's floor: beat Meso4_DF by 0.03).

Input: the per-file rows of `npm run eval:deepfake -- ... --scores FILE` (cli/deepfakeRow.ts): each file's kind
(fake / real / portrait), source, method, sampled-frame count, and every face with its frame time, box and keypoints.
Each face is cut from its frame with the same aligned framing as evaluate.py (faces.alignment_transform, 256 px,
values in [0, 1]); frames come from ffmpeg at the product's frame time (input seeking: the first frame at or after
it, which can be one frame off the browser's choice), stills from Pillow with EXIF orientation applied.
File score, as the product's: per frame the highest face, 0 for a frame with no judged face; per file the 90th
percentile over sampled frames (for a still, its one frame). 'max' (highest over frames) is reported beside it.
Files in the AUC, as deepfakeReport.ts: every fake, and real files with at least one judged face. Intervals: 95%
bootstrap over sources (repository and method), stratified by fake / real, 1000 rounds.

Run: /usr/bin/python3 training/deepfake/meso_same_faces.py /work/df-eval/v6-scores.json [--out JSON]
"""
import argparse
import io
import json
import os
import subprocess
import sys

import numpy as np
import torch
from PIL import Image, ImageOps

import faces as fc
from meso4 import load_meso4
from metrics import auc

sys.path.insert(0, os.path.join(fc.HERE, '..'))
from common import open_heif  # noqa: E402  (training/common.py: HEIC / AVIF through libheif)

WEIGHTS = os.path.join(fc.HERE, '..', '..', '..', 'shared', 'weights', 'mesonet')
SIZE = 256
VIDEO = ('.mp4', '.mov', '.webm', '.avi', '.mkv', '.gif', '.m4v')


def frame_rgb(path, t):
    if path.lower().endswith(('.heic', '.heif', '.avif')):
        return np.asarray(open_heif(path), dtype=np.float32)
    if not path.lower().endswith(VIDEO):
        return np.asarray(ImageOps.exif_transpose(Image.open(path)).convert('RGB'), dtype=np.float32)
    # A time at the very end of a clip (the product's last sample) can seek past the last frame: step back.
    for back in (0.0, 0.05, 0.1, 0.2, 0.5):
        png = subprocess.run(
            ['ffmpeg', '-v', 'error', '-ss', f'{max(0.0, t - back):.4f}', '-i', path]
            + ['-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', '-'],
            check=True,
            capture_output=True,
        ).stdout
        if png:
            return np.asarray(Image.open(io.BytesIO(png)).convert('RGB'), dtype=np.float32)
    raise RuntimeError(f'{path}: no frame near {t} s')


def quantile(values, q):
    """As clipVerdict.ts's quantile (linear between order statistics)."""
    return float(np.quantile(values, q)) if len(values) else 0.0


def cluster_interval(rows, key, minus=None, rounds=1000, seed=1):
    """95% interval of AUC(key) (or of AUC(key) - AUC(minus): a paired difference, both on each resample)."""
    strata = {}
    for r in rows:
        strata.setdefault(r['kind'], {}).setdefault(f"{r['source'] or r['path']}|{r['method']}", []).append(r)
    groups = [list(c.values()) for c in strata.values()]
    rng = np.random.default_rng(seed)
    vals = []
    for _ in range(rounds):
        sample = [r for g in groups for i in rng.integers(0, len(g), len(g)) for r in g[i]]
        y = [r['kind'] == 'fake' for r in sample]
        v = auc([r[key] for r in sample], y)
        if minus is not None:
            v -= auc([r[minus] for r in sample], y)
        if not np.isnan(v):
            vals.append(v)
    return [float(np.percentile(vals, 2.5)), float(np.percentile(vals, 97.5))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('scores')
    ap.add_argument('--out', default=None)
    args = ap.parse_args()
    torch.set_num_threads(1)
    nets = {n: load_meso4(os.path.join(WEIGHTS, f'{n}.pth')) for n in ('Meso4_DF', 'Meso4_F2F')}
    rows = [r for r in json.load(open(args.scores)) if r['error'] is None and r['kind'] != 'portrait']
    for n, r in enumerate(rows):
        by_time = {}
        for f in r['faces']:
            if f['score'] is not None:
                by_time.setdefault(f['time'], []).append(f)
        frame_scores = {name: [] for name in nets}
        for t, fs in sorted(by_time.items()):
            img = frame_rgb(r['path'], t)
            crops = []
            for f in fs:
                b = f['box']
                kp = np.array([[k['x'], k['y']] for k in f['keypoints']], dtype=np.float64)
                m = fc.alignment_transform((b['x'], b['y'], b['width'], b['height']), kp, SIZE)
                crops.append((fc.warp(img, m, SIZE) / 255.0).transpose(2, 0, 1))
            x = torch.from_numpy(np.array(crops, np.float32))
            with torch.no_grad():
                for name, net in nets.items():
                    frame_scores[name].append(float((1 - net(x).flatten()).max()))
        frames = max(r['frames'], 1)
        for name, fsc in frame_scores.items():
            padded = fsc + [0.0] * (frames - len(fsc))
            r[f'{name}_p90'] = quantile(padded, 0.9)
            r[f'{name}_max'] = max(padded)
        r['judged'] = bool(by_time)
        r['product_p90'] = r['score']
        r['product_max'] = r['frameMax']
        if n % 25 == 0:
            print(f'{n}/{len(rows)}', flush=True)
    scored = [r for r in rows if r['kind'] == 'fake' or r['judged']]
    out = {
        'fakes': sum(r['kind'] == 'fake' for r in scored),
        'reals_with_face': sum(r['kind'] == 'real' for r in scored),
    }
    for key in ('product_p90', 'product_max', 'Meso4_DF_p90', 'Meso4_DF_max', 'Meso4_F2F_p90', 'Meso4_F2F_max'):
        out[key] = {
            'auc': auc([r[key] for r in scored], [r['kind'] == 'fake' for r in scored]),
            'ci95_by_source': cluster_interval(scored, key),
        }
        print(
            f"{key:14s} AUC {out[key]['auc']:.3f} [{out[key]['ci95_by_source'][0]:.3f}, "
            f"{out[key]['ci95_by_source'][1]:.3f}]"
        )
    for base in ('Meso4_DF', 'Meso4_F2F'):
        for rule in ('p90', 'max'):
            a, b = f'product_{rule}', f'{base}_{rule}'
            d = out[a]['auc'] - out[b]['auc']
            lo, hi = cluster_interval(scored, a, minus=b)
            out[f'difference_{a}_minus_{b}'] = {'auc': d, 'ci95_by_source': [lo, hi]}
            print(f'product - {b}: {d:+.3f} [{lo:+.3f}, {hi:+.3f}] (paired, same resamples)')
    reals = [r for r in scored if r['kind'] == 'real']
    out['per_method'] = {}
    for m in sorted({r['method'] for r in scored if r['kind'] == 'fake'}):
        fk = [r for r in scored if r['kind'] == 'fake' and r['method'] == m]
        out['per_method'][m] = {'n': len(fk)}
        for key in ('product_p90', 'Meso4_DF_p90', 'Meso4_F2F_p90'):
            out['per_method'][m][key] = auc([r[key] for r in fk + reals], [1] * len(fk) + [0] * len(reals))
        print(m, json.dumps(out['per_method'][m]))
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(out, f, indent=1)


if __name__ == '__main__':
    main()
