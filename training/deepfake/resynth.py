"""Pseudo-fake family 2's expensive part: one TAEF2 autoencoder round trip per training face (taef2.py), computed
once and cached in runs/resynth.npz."""
import os
import time

import numpy as np
import torch
from PIL import Image

import faces as fc
from data import BASE, SEED

RESYNTH = 192  # side of the central region re-synthesised by the autoencoder (covers the model's crop)
RESYNTH_MAX = int(os.environ.get('RESYNTH_MAX', '480'))  # faces given a re-synthesised twin (CPU cost ~1 s each)


def spread_over_sources(data, rng):
    """Up to RESYNTH_MAX face indices, round-robin over each source's faces (each source's order drawn by rng)."""
    by_src = {}
    for i, face in enumerate(data):
        by_src.setdefault(face.source, []).append(i)
    order, k = [], 0
    lists = [rng.permutation(v).tolist() for v in by_src.values()]
    while len(order) < min(RESYNTH_MAX, len(data)):
        for faces_of_source in lists:
            if k < len(faces_of_source):
                order.append(faces_of_source[k])
        k += 1
    return order[:RESYNTH_MAX]


def resynthesise(data, rng):
    """One autoencoder round trip per face (up to RESYNTH_MAX faces, spread over sources): the central RESYNTH
    square is scaled by 0.5-1.0, encoded and decoded by TAEF2 (sometimes with latent noise), scaled back and pasted
    into a copy of the base crop. Cached in runs/resynth.npz keyed by the face count and seed. Returns face index ->
    uint8 base crop."""
    path = os.path.join(fc.RUNS, 'resynth.npz')
    key = f'{len(data)}-{RESYNTH_MAX}-{SEED}'
    if os.path.exists(path):
        z = np.load(path)
        if str(z['key']) == key:
            return {int(i): x for i, x in zip(z['idx'], z['img'])}
    import taef2

    enc, dec = taef2.load()
    order = spread_over_sources(data, rng)
    lo = (BASE - RESYNTH) // 2
    out = {}
    t0 = time.time()
    for n, i in enumerate(order):
        crop = data[i].crop
        side = int(rng.choice([96, 128, 160, 192]))
        region = Image.fromarray(crop[lo : lo + RESYNTH, lo : lo + RESYNTH].astype(np.uint8))
        region = region.resize((side, side), Image.BICUBIC)
        x = torch.from_numpy(np.asarray(region, np.float32) / 255.0).permute(2, 0, 1)[None]
        y = taef2.round_trip(enc, dec, x, latent_noise=float(rng.choice([0.0, 0.0, 0.1, 0.2])))
        y = Image.fromarray((y[0].permute(1, 2, 0).numpy() * 255 + 0.5).astype(np.uint8))
        y = y.resize((RESYNTH, RESYNTH), Image.BICUBIC)
        full = crop.copy()
        full[lo : lo + RESYNTH, lo : lo + RESYNTH] = np.asarray(y, np.float32)
        out[i] = full.astype(np.uint8)
        if n % 50 == 0:
            print(f'resynth {n}/{len(order)} {time.time() - t0:.0f}s', flush=True)
    np.savez(path, key=key, idx=np.array(list(out.keys())), img=np.array(list(out.values())))
    return out
