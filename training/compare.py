"""Tell models apart on the by-source split: AUC of each run and of their fusion (mean of calibrated log-odds), with
95% intervals from a bootstrap over sources, and the paired difference to the first run (the baseline). Reads the
scores.json that evaluate.py writes into each run folder; the runs must have been scored on the same split.

usage: /usr/bin/python3 compare.py BASELINE_DIR RUN_DIR [RUN_DIR ...] [--fuse A,B[,C]] [--variant clean] [--rounds 2000]
  --fuse names runs (by folder) whose logits are averaged into an extra row; repeatable."""
import argparse
import collections
import json
import os

import numpy as np

from val_metrics import auc
from common import read_split


def logit(p):
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def threshold_at_fpr(scores, labels, fpr=0.05):
    """The real photos' (1 - fpr) quantile: a threshold fitted on these same real photos."""
    return np.quantile(np.asarray(scores)[~np.asarray(labels, dtype=bool)], 1 - fpr)


def cluster_resamples(sources, labels, rounds, seed=1):
    """Index arrays, each a resample of whole sources drawn within each label (so every resample keeps the number of
    real and of AI sources)."""
    rng = np.random.default_rng(seed)
    strata = collections.defaultdict(lambda: collections.defaultdict(list))
    for i, (s, y) in enumerate(zip(sources, labels)):
        strata[y][s].append(i)
    groups = [[np.array(ix) for ix in by_src.values()] for by_src in strata.values()]
    for _ in range(rounds):
        yield np.concatenate([g[k] for g in groups for k in rng.integers(0, len(g), len(g))])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('runs', nargs='+')
    ap.add_argument('--fuse', action='append', default=[])
    ap.add_argument('--variant', default='clean')
    ap.add_argument('--rounds', type=int, default=2000)
    ap.add_argument('--per-generator', action='store_true', help='detection at 5%% FPR per generator, for each row')
    args = ap.parse_args()
    split = {r['path']: r for r in read_split()}
    source_of = {p: r['source_repo'] for p, r in split.items()}
    loaded = {}
    for run in args.runs:
        sc = json.load(open(os.path.join(run, 'scores.json')))
        loaded[os.path.basename(os.path.normpath(run))] = sc
    names = list(loaded)
    paths = loaded[names[0]]['paths']
    for n in names[1:]:
        if loaded[n]['paths'] != paths:
            raise SystemExit(f'{n} was scored on other files than {names[0]}: score both on the same split')
    y = np.asarray(loaded[names[0]]['labels'], dtype=bool)
    sources = [source_of.get(p, p) for p in paths]
    z = {n: logit(loaded[n]['p_ai'][args.variant]) for n in names}
    for spec in args.fuse:
        members = spec.split(',')
        z['+'.join(members)] = np.mean([z[m] for m in members], axis=0)
    base = names[0]
    resamples = list(cluster_resamples(sources, y, args.rounds))
    print(
        f'{len(y)} images ({int(y.sum())} AI) from {len(set(sources))} sources; variant {args.variant}; '
        f'95% intervals over {args.rounds} source resamples'
    )
    print(f"{'model':32s} {'AUC':>6s} {'interval':>15s} {'det@5%':>7s}  {'AUC - ' + base:>14s} {'interval':>15s}")
    # Each row's AUC on every resample, computed once: the paired difference to the baseline reuses both.
    boots = {n: np.array([auc(s[ix], y[ix]) for ix in resamples]) for n, s in z.items()}
    aucs = {n: auc(s, y) for n, s in z.items()}
    thresholds = {n: threshold_at_fpr(s, y) for n, s in z.items()}
    for n, s in z.items():
        lo, hi = np.nanpercentile(boots[n], 2.5), np.nanpercentile(boots[n], 97.5)
        line = f'{n:32s} {aucs[n]:6.3f} [{lo:.3f}, {hi:.3f}] {float(np.mean(s[y] > thresholds[n])):7.3f}'
        if n != base:
            diff = boots[n] - boots[base]
            lo, hi = np.nanpercentile(diff, 2.5), np.nanpercentile(diff, 97.5)
            line += f'  {aucs[n] - aucs[base]:+14.3f} [{lo:+.3f}, {hi:+.3f}]'
        print(line)

    if args.per_generator:
        gens = [split[p]['generator'] if p in split else '?' for p in paths]
        ai_gens = sorted({g for g, yi in zip(gens, y) if yi}, key=lambda g: (-gens.count(g), g))
        print(
            f"\ndetection at each row's 5% FPR threshold, per generator (n)\n{'generator':28s}"
            + ''.join(f' {n[:12]:>12s}' for n in z)
        )
        for g in ai_gens:
            mask = np.array([h == g for h in gens])
            cells = ''
            for n, s_ in z.items():
                cells += f' {np.mean(s_[mask & y] > thresholds[n]):12.2f}'
            print(f'{g[:22]:22s} {int(mask.sum()):5d}' + cells)


if __name__ == '__main__':
    main()
