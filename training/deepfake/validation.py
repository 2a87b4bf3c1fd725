"""The fixed validation pairs (pseudo-fakes of held-out TRAINING faces, never the evaluation set) and the temperature
fitted on them: used by train.py during and at the end of a run, and by temperature.py for weights without a run."""
import numpy as np
import torch
import torch.nn.functional as F

from augment import make_pair
from data import SEED, base_crops, split_sources
from resynth import resynthesise


def validation_pairs(data, val, resynth):
    """Two fixed (seed 7) real / pseudo-fake pairs per validation face, as a batch and its labels."""
    vrng = np.random.default_rng(7)
    vx, vy = [], []
    for i in val:
        face = data[i]
        for _ in range(2):
            r, f = make_pair(face.crop, face.kp, vrng, resynth.get(i), face.mesh)
            vx += [r, f]
            vy += [0, 1]
    return torch.stack(vx), torch.tensor(vy, dtype=torch.float32)


def validation_set(landmarks=False):
    """Everything a run's validation needs: (training faces, their re-synthesised twins, train and val face
    indices, val batch, val labels)."""
    data = base_crops(landmarks)
    resynth = resynthesise(data, np.random.default_rng(SEED + 1))
    train, val = split_sources(data)
    vx, vy = validation_pairs(data, val, resynth)
    return data, resynth, train, val, vx, vy


def logits(net, x, bs=64):
    net.eval()
    with torch.no_grad():
        return torch.cat([net(x[i : i + bs]).squeeze(1) for i in range(0, len(x), bs)])


def fit_temperature(net, vx, vy):
    """Temperature on the validation pairs: grid search on NLL."""
    vl = logits(net, vx)
    # From 0.1: a soup of several runs averages their weights and is less confident than each, so its best
    # temperature can be below 1 by far (v6's was at the old floor, 0.5).
    temps = [0.1 + 0.1 * i for i in range(64)]
    return min(temps, key=lambda t: F.binary_cross_entropy_with_logits(vl / t, vy).item())
