"""Cross-validated comparison of a deepfake recipe with a baseline, from `npm run eval:deepfake --scores` files.

Per fold K: the fold model's scores file (its run left out the fakes it learnt from, so its fakes are fold K's) and
the baseline's scores file (one run over every file) are matched by path. On the same files, fakes of fold K and
real files with a judged face (as cli/deepfakeReport.ts counts them), both AUCs and their paired difference, with a
95% bootstrap over clusters (repository and method, as cli/deepfakeSet.ts clusterOf), fakes and reals resampled
apart. The mean of the folds' differences gets its interval from resampling every fold at once.

Run: /usr/bin/python3 training/deepfake/cv_report.py BASELINE.json FOLD0.json [FOLD1.json ...] [--out JSON]
"""
import argparse
import json

import numpy as np

from metrics import auc

THRESHOLD = 0.5  # the shipped head's decision point (deepfakeReport.ts)
N_BOOT = 2000


def judged(row):
    return [f for f in row['faces'] if f.get('score') is not None]


def cluster(row):
    return f"{row.get('source') or row['path']}|{row.get('method', '')}"


def fold_rows(rows, baseline):
    """(clusters of fakes, clusters of reals): cluster -> list of (model score, baseline score)."""
    fakes, reals = {}, {}
    for r in rows:
        if r.get('error') or r['kind'] == 'portrait':
            continue
        if r['kind'] == 'real' and not judged(r):
            continue
        b = baseline.get(r['relPath'])
        if b is None:
            raise SystemExit(f"{r['relPath']} is not in the baseline's scores file")
        side = fakes if r['kind'] == 'fake' else reals
        side.setdefault(cluster(r), []).append((r['score'], b['score']))
    return fakes, reals


def aucs(fakes, reals):
    """(model AUC, baseline AUC) over the same fakes and reals."""
    pairs = [s for c in fakes.values() for s in c] + [s for c in reals.values() for s in c]
    labels = [1] * sum(map(len, fakes.values())) + [0] * sum(map(len, reals.values()))
    return auc([a for a, _ in pairs], labels), auc([b for _, b in pairs], labels)


def resample(groups, rng):
    keys = list(groups)
    return {i: groups[keys[k]] for i, k in enumerate(rng.integers(len(keys), size=len(keys)))}


def fold_figures(path, baseline, rows_all):
    fakes, reals = fold_rows(rows_all, baseline)
    model_auc, base_auc = aucs(fakes, reals)
    faces = [f for r in rows_all if r['kind'] == 'real' and not r.get('error') for f in judged(r)]
    portraits = [r for r in rows_all if r['kind'] == 'portrait' and not r.get('error') and judged(r)]
    return (
        fakes,
        reals,
        {
            'file': path,
            'fakes': sum(map(len, fakes.values())),
            'fake_clusters': len(fakes),
            'reals': sum(map(len, reals.values())),
            'real_clusters': len(reals),
            'auc': model_auc,
            'baseline_auc': base_auc,
            'difference': model_auc - base_auc,
            'real_faces_called_fake': float(np.mean([f['score'] > THRESHOLD for f in faces])) if faces else None,
            'portraits_called_deepfake': float(np.mean([r['score'] > THRESHOLD for r in portraits]))
            if portraits
            else None,
        },
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('baseline')
    ap.add_argument('folds', nargs='+')
    ap.add_argument('--out')
    a = ap.parse_args()
    baseline = {r['relPath']: r for r in json.load(open(a.baseline))}
    rng = np.random.default_rng(0)
    folds, data = [], []
    for path in a.folds:
        fakes, reals, fig = fold_figures(path, baseline, json.load(open(path)))
        boot = []
        for _ in range(N_BOOT):
            m, b = aucs(resample(fakes, rng), resample(reals, rng))
            boot.append(m - b)
        fig['difference_ci95'] = [float(np.nanpercentile(boot, 2.5)), float(np.nanpercentile(boot, 97.5))]
        folds.append(fig)
        data.append((fakes, reals))
    mean_boot = []
    for _ in range(N_BOOT):
        d = [np.subtract(*aucs(resample(f, rng), resample(r, rng))) for f, r in data]
        mean_boot.append(float(np.mean(d)))
    out = {
        'folds': folds,
        'mean_difference': float(np.mean([f['difference'] for f in folds])),
        'mean_difference_ci95': [float(np.nanpercentile(mean_boot, 2.5)), float(np.nanpercentile(mean_boot, 97.5))],
    }
    for k, f in enumerate(folds):
        print(
            f"fold {k}: {f['fakes']} fakes ({f['fake_clusters']} clusters) vs {f['reals']} reals "
            f"({f['real_clusters']}): AUC {f['auc']:.3f}, baseline {f['baseline_auc']:.3f}, difference "
            f"{f['difference']:+.3f} [{f['difference_ci95'][0]:+.3f}, {f['difference_ci95'][1]:+.3f}]; real faces "
            f"called fake {f['real_faces_called_fake']:.3f}, "
            f"portraits called deepfake {f['portraits_called_deepfake']:.3f}"
        )
    lo, hi = out['mean_difference_ci95']
    print(f"mean difference over folds {out['mean_difference']:+.3f} [{lo:+.3f}, {hi:+.3f}]")
    if a.out:
        with open(a.out, 'w') as g:
            json.dump(out, g, indent=1)


if __name__ == '__main__':
    main()
