"""The evaluation's figures: AUC (faces and frames, frame score = highest face score), per fake group, a 95% interval
by bootstrap over whole clips / photos, and the operating point of a calibration."""
import functools

import numpy as np

import faces as fc


def auc(scores, labels):
    s = np.asarray(scores, np.float64)
    y = np.asarray(labels)
    pos, neg = s[y == 1], s[y == 0]
    if len(pos) == 0 or len(neg) == 0:
        return float('nan')
    # Mann-Whitney U with ties counted half.
    gt = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(gt / (len(pos) * len(neg)))


def frame_level(scores, meta):
    """image id -> (highest face score, 1 if deepfake else 0, group)."""
    best = {}
    for s, (iid, label, group) in zip(scores, meta):
        if iid not in best or s > best[iid][0]:
            best[iid] = (float(s), 1 if label == 'deepfake' else 0, group)
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
    out = {
        'frame_auc': auc([v[0] for v in vals], [v[1] for v in vals]),
        'frames_fake': sum(v[1] for v in vals),
        'frames_real': sum(1 - v[1] for v in vals),
        'face_auc': auc(scores, [1 if m[1] == 'deepfake' else 0 for m in meta]),
        'frame_auc_ci95_by_clip': clip_bootstrap(fr),
        # per-frame scores (highest face), so two runs can be compared frame by frame without re-running them
        'frame_scores': {iid: v[0] for iid, v in sorted(fr.items())},
    }
    reals = [v[0] for v in vals if v[1] == 0]
    out['by_fake_group'] = {}
    for g in sorted({v[2] for v in vals if v[1] == 1}):
        fakes = [v[0] for v in vals if v[1] == 1 and v[2] == g]
        out['by_fake_group'][g] = {
            'frames': len(fakes),
            'auc': auc(fakes + reals, [1] * len(fakes) + [0] * len(reals)),
        }
    lo, hi = out['frame_auc_ci95_by_clip']
    print(
        f"{name}: frame AUC {out['frame_auc']:.3f} (95% by clip {lo:.3f}-{hi:.3f}; {out['frames_fake']} fake / "
        f"{out['frames_real']} real frames), face AUC {out['face_auc']:.3f}"
    )
    return out


def operating_point(logits, meta, cal):
    """TPR and FPR on frames at a calibration's threshold (cal: temperature, threshold, tta_flip)."""
    p = 1 / (1 + np.exp(-logits / cal['temperature']))
    fr = frame_level(p, meta)
    fake = [v[0] for v in fr.values() if v[1] == 1]
    real = [v[0] for v in fr.values() if v[1] == 0]
    return {
        **cal,
        'tpr': float(np.mean(np.array(fake) > cal['threshold'])),
        'fpr': float(np.mean(np.array(real) > cal['threshold'])),
    }
