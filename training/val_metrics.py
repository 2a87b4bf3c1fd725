"""Validation metrics and calibration shared by evaluate.py and compare.py: AUC (rank-sum, ties half), expected
calibration error, crop-averaged probabilities at a temperature, and the temperature fitted by NLL."""
import numpy as np
import torch


def auc(scores, labels):
    scores, labels = np.asarray(scores), np.asarray(labels, dtype=bool)
    order = np.argsort(scores, kind='mergesort')
    s = scores[order]
    ranks = np.empty(len(s))
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        ranks[i:j] = (i + 1 + j) / 2
        i = j
    r = np.empty(len(s))
    r[order] = ranks
    pos, neg = labels.sum(), (~labels).sum()
    if pos == 0 or neg == 0:
        return float('nan')
    return float((r[labels].sum() - pos * (pos + 1) / 2) / (pos * neg))


def ece(p, y, bins=10):
    p, y = np.asarray(p), np.asarray(y, dtype=float)
    out = 0.0
    for b in range(bins):
        m = (p >= b / bins) & ((p < (b + 1) / bins) if b < bins - 1 else (p <= 1))
        if m.any():
            out += m.mean() * abs(p[m].mean() - y[m].mean())
    return float(out)


def probs(logits_list, t):
    """Per-image mean over crops of softmax(logits / t)."""
    return [torch.softmax(logits / t, dim=1).mean(0) for logits in logits_list]


def fit_temperature(logits_list, targets):
    best = (1e9, 1.0)
    for t in np.arange(0.5, 6.01, 0.05):
        p = probs(logits_list, float(t))
        nll = -float(np.mean([np.log(max(1e-9, float(pi[yi]))) for pi, yi in zip(p, targets)]))
        best = min(best, (nll, float(t)))
    return best[1]
