"""Step 5 (re-runnable by anyone with ../shared/data): our deepfake head vs the MesoNet Meso4 baseline, on the
same held-out faces (faces found by the app's own detector, runs/faces.tsv; aligned crops from the same keypoints).

- Fakes: frames of every face-swap and talking-head item in the data (all held out: training saw real faces only).
  Fakes added to the data after v1 (split eval_new) are scored in a separate section, 'with_new_fakes'.
- Reals: faces from sources never used in training (deepface test photos, SadTalker and MEAD real clips,
  DeepFaceLab/GHOST originals).
Frame score = highest face score in the frame (the product's `deepfake` class); frames with no face of at least
MIN_FACE_PX are left out of the AUC (counted). Our model is evaluated with its int8 round-tripped weights, i.e.
the shipped numbers. MesoNet gets the same crop framing at its own input size (256, values in [0, 1]).

Run: /usr/bin/python3 training/deepfake/evaluate.py [--calibrate] [--no-flip] [--weights PT] [--out JSON] [--manifest JSON]
  --calibrate also writes runs/threshold.json (temperature from train.py; threshold = the probability that
  keeps the false-positive rate on TRAINING real faces at 5%: chosen without looking at evaluation data; and
  whether flip averaging was used, which export.py copies into deepfake.json as tta_flip), and the same for the
  other TTA mode (runs/threshold_without_flip.json or _with_flip.json).
  --no-flip makes the crop alone (no mirror averaging) the main figure; the other mode is always reported too.
Writes training/deepfake/results.json (or --out); --weights scores other weights than runs/deepfake.pt, and
--manifest takes the operating point's temperature and threshold from a shipped deepfake.json (e.g. v1's).
"""
import functools
import io, json, os, sys
import numpy as np
import torch
from PIL import Image
import faces as fc
from meso4 import load_meso4
from quant import quantize, dequantize, eligible
from train import build_model, SIZE, MEAN, STD

torch.set_num_threads(2)
FLIP = '--no-flip' not in sys.argv
DEFAULT_WEIGHTS = os.path.join(fc.RUNS, 'deepfake.pt')
WEIGHTS = sys.argv[sys.argv.index('--weights') + 1] if '--weights' in sys.argv else DEFAULT_WEIGHTS
MANIFEST = sys.argv[sys.argv.index('--manifest') + 1] if '--manifest' in sys.argv else None
OUT = sys.argv[sys.argv.index('--out') + 1] if '--out' in sys.argv else os.path.join(fc.HERE, 'results.json')
MESO = os.path.join(fc.HERE, '..', '..', '..', 'shared', 'weights', 'mesonet', 'Meso4_DF.pth')


def quantized_net():
    net = build_model(pretrained=False)
    sd = torch.load(WEIGHTS, map_location='cpu')
    for k, v in sd.items():
        if k.endswith('weight') and eligible(v.numpy()):
            sd[k] = torch.from_numpy(dequantize(*quantize(v.numpy())))
    net.load_state_dict(sd)
    return net.eval()


def auc(scores, labels):
    s = np.asarray(scores, np.float64); y = np.asarray(labels)
    pos, neg = s[y == 1], s[y == 0]
    if len(pos) == 0 or len(neg) == 0:
        return float('nan')
    # Mann-Whitney U with ties counted half.
    gt = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(gt / (len(pos) * len(neg)))


def crops_for(split_filter, jpeg_q=None):
    images, faces = fc.load_images(), fc.load_faces()
    ours, meso, meta = [], [], []
    for iid, row in sorted(images.items()):
        if not split_filter(row):
            continue
        img = None
        for f in faces.get(iid, []):
            if fc.too_small(f):
                continue
            if img is None:
                img = fc.read_rgb(iid)
                if jpeg_q:
                    buf = io.BytesIO(); Image.fromarray(img.astype(np.uint8)).save(buf, 'JPEG', quality=jpeg_q)
                    img = np.asarray(Image.open(buf).convert('RGB'), np.float32)
            a = fc.warp(img, fc.alignment_transform(f['box'], f['kp'], SIZE), SIZE)
            b = fc.warp(img, fc.alignment_transform(f['box'], f['kp'], 256), 256)
            ours.append(((a / 255.0 - MEAN) / STD).transpose(2, 0, 1))
            meso.append((b / 255.0).transpose(2, 0, 1))
            meta.append((iid, row['label'], row['group']))
    return np.array(ours, np.float32), np.array(meso, np.float32), meta


def run(net, x, bs=64, flip=False):
    """flip: average the logit of the crop and its mirror image (what the worker does, src/core/faces + faces.ts)."""
    with torch.no_grad():
        out = torch.cat([net(torch.from_numpy(x[i:i + bs])).flatten() for i in range(0, len(x), bs)]).numpy()
        if flip:
            xf = np.ascontiguousarray(x[..., ::-1])
            out = (out + torch.cat([net(torch.from_numpy(xf[i:i + bs])).flatten() for i in range(0, len(xf), bs)]).numpy()) / 2
        return out


def frame_level(scores, meta):
    best = {}
    for s, (iid, label, group) in zip(scores, meta):
        k = iid
        if k not in best or s > best[k][0]:
            best[k] = (float(s), 1 if label == 'deepfake' else 0, group)
    return best


@functools.lru_cache(maxsize=1)
def clip_of():
    """image id -> its clip or photo (images.tsv's source before '#'); read once, every summary uses it."""
    return {iid: r['source'].split('#')[0] for iid, r in fc.load_images().items()}


def clip_bootstrap(fr, n=2000, seed=0):
    """95% interval of the frame AUC, resampling whole clips / photos, since frames of one clip are not
    independent draws. Returns [low, high]."""
    clips_of = clip_of()
    by_clip = {}
    for iid, v in fr.items():
        by_clip.setdefault(clips_of[iid], []).append(v)
    clips = sorted(by_clip)
    rng = np.random.default_rng(seed)
    aucs = []
    for _ in range(n):
        vals = [v for c in rng.choice(len(clips), len(clips)) for v in by_clip[clips[c]]]
        ys = [v[1] for v in vals]
        if 0 < sum(ys) < len(ys):
            aucs.append(auc([v[0] for v in vals], ys))
    return [float(np.percentile(aucs, 2.5)), float(np.percentile(aucs, 97.5))]


def summarise(name, scores, meta):
    fr = frame_level(scores, meta)
    vals = list(fr.values())
    out = {'frame_auc': auc([v[0] for v in vals], [v[1] for v in vals]), 'frames_fake': sum(v[1] for v in vals),
           'frames_real': sum(1 - v[1] for v in vals),
           'face_auc': auc(scores, [1 if m[1] == 'deepfake' else 0 for m in meta]),
           'frame_auc_ci95_by_clip': clip_bootstrap(fr),
           # per-frame scores (highest face), so two runs can be compared frame by frame without re-running them
           'frame_scores': {iid: v[0] for iid, v in sorted(fr.items())}}
    reals = [v[0] for v in vals if v[1] == 0]
    out['by_fake_group'] = {}
    for g in sorted({v[2] for v in vals if v[1] == 1}):
        fakes = [v[0] for v in vals if v[1] == 1 and v[2] == g]
        out['by_fake_group'][g] = {'frames': len(fakes), 'auc': auc(fakes + reals, [1] * len(fakes) + [0] * len(reals))}
    lo, hi = out['frame_auc_ci95_by_clip']
    print(f"{name}: frame AUC {out['frame_auc']:.3f} (95% by clip {lo:.3f}-{hi:.3f}; {out['frames_fake']} fake / {out['frames_real']} real frames), face AUC {out['face_auc']:.3f}")
    return out


def run_pair(net, x, bs=64):
    """Logits of each crop and of its mirror image: flip TTA (what the worker does with tta_flip, src/core/faces +
    faces.ts) is their mean, no TTA is the first; one pass gives both figures."""
    return run(net, x, bs), run(net, np.ascontiguousarray(x[..., ::-1]), bs)


def tta(pair, flip):
    return (pair[0] + pair[1]) / 2 if flip else pair[0]


def operating_point(logits, meta, cal):
    p = 1 / (1 + np.exp(-logits / cal['temperature']))
    fr = frame_level(p, meta)
    fake = [v[0] for v in fr.values() if v[1] == 1]; real = [v[0] for v in fr.values() if v[1] == 0]
    return {**cal, 'tpr': float(np.mean(np.array(fake) > cal['threshold'])), 'fpr': float(np.mean(np.array(real) > cal['threshold']))}


def main():
    is_eval = lambda r: r['split'] == 'eval'
    x, xm, meta = crops_for(is_eval)
    net = quantized_net()
    meso = load_meso4(MESO)
    pair = run_pair(net, x)
    ours = tta(pair, FLIP)
    theirs = 1 - run(meso, xm)   # Meso4 outputs P(real)
    other = 'ours_without_flip' if FLIP else 'ours_with_flip'
    results = {'faces': len(meta), 'flip_averaged': FLIP, 'ours': summarise('ours (int8)', ours, meta),
               other: summarise(f'ours (int8), {other}', tta(pair, not FLIP), meta),
               'mesonet_meso4_df': summarise('MesoNet Meso4_DF', theirs, meta)}
    # Fakes added to the data after v1 (prepare.py EVAL_NEW: roop, V-Express/VASA-1/EMO clips): scored against the
    # same real frames in a separate section, so the figures above stay comparable with v1's.
    xn, xmn, metan = crops_for(lambda r: r['split'] == 'eval_new')
    if len(metan):
        pn = run_pair(net, xn)
        results['with_new_fakes'] = {
            'ours': summarise('ours + new fakes', np.concatenate([ours, tta(pn, FLIP)]), meta + metan),
            other: summarise(f'{other} + new fakes', np.concatenate([tta(pair, not FLIP), tta(pn, not FLIP)]), meta + metan)['frame_auc'],
            'mesonet_meso4_df': summarise('Meso4 + new fakes', np.concatenate([theirs, 1 - run(meso, xmn)]), meta + metan)}
    # Robustness: the same evaluation after re-encoding every frame as JPEG q75.
    xj, xmj, metaj = crops_for(is_eval, jpeg_q=75)
    pj = run_pair(net, xj)
    results['jpeg_q75'] = {'ours': summarise('ours, JPEG q75', tta(pj, FLIP), metaj)['frame_auc'],
                           other: summarise(f'{other}, JPEG q75', tta(pj, not FLIP), metaj)['frame_auc'],
                           'mesonet_meso4_df': summarise('Meso4, JPEG q75', 1 - run(meso, xmj), metaj)['frame_auc']}
    # Operating point: the shipped manifest's calibration (--manifest), or runs/threshold.json (this run's weights).
    paths = {flip: os.path.join(fc.RUNS, 'threshold.json' if flip == FLIP else 'threshold_' + other.split('_', 1)[1] + '.json')
             for flip in (True, False)}
    if '--calibrate' in sys.argv:
        T = float(open(os.path.join(fc.RUNS, 'temperature.txt')).read())
        xt, _, _ = crops_for(lambda r: r['split'] == 'train')
        pt = run_pair(net, xt)
        for flip in (True, False):
            p = 1 / (1 + np.exp(-tta(pt, flip) / T))
            json.dump({'temperature': T, 'threshold': float(np.quantile(p, 0.95)), 'tta_flip': flip}, open(paths[flip], 'w'))
    cals = {}
    if MANIFEST:
        m = json.load(open(MANIFEST))
        cals[bool(m['tta_flip'])] = {'temperature': m['temperature'], 'threshold': m['threshold'], 'tta_flip': bool(m['tta_flip'])}
    elif WEIGHTS == DEFAULT_WEIGHTS:
        cals = {flip: json.load(open(paths[flip])) for flip in (True, False) if os.path.exists(paths[flip])}
    for flip, cal in cals.items():
        key = 'operating_point' if flip == FLIP else 'operating_point_' + other.split('_', 1)[1]
        results[key] = operating_point(tta(pair, flip), meta, cal)
        print(key, results[key])
    with open(OUT, 'w') as f:
        json.dump(results, f, indent=2); f.write('\n')


if __name__ == '__main__':
    main()
