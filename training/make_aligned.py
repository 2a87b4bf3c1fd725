"""Optional step 3b: ALIGNED FAKES. Real training photos (split `train` only) are passed through the tiny FLUX.2
autoencoder (TAEF2, ../shared/weights/taesd) and the reconstructions become `ai` examples for the generation head
(train.py --aligned; their source loss is masked). Each fake shows the same content, size and framing as a real
photo, so the only thing separating the pair is the decoder's trace, not subject, style or file format.

- Which photos: the training real photos in a seeded random order, the first --n of them (any prefix is itself a
  seeded random sample, and the pickle is rewritten every --save_every fakes, so a run cut short for time still
  leaves a usable, reproducible set). The count is fixed before any validation run.
- What is reconstructed: one --window x --window window per photo (at a seeded position, on the 8-px grid), at
  native resolution, because the classifier only sees native 224 crops and the autoencoder costs ~3 s per 320^2
  window on 2 CPU cores. Smaller photos are reconstructed whole (cut down to a multiple of 8).
- File format kept aligned too: when the real photo is a JPEG, the reconstruction is re-encoded as JPEG at the
  photo's own estimated quality (from its luminance table), so "no JPEG traces" cannot mark the fakes.

Writes cache/aligned.pkl: {'aligned:<path>': uint8 HxWx3} and cache/aligned.json (per-file quality, PSNR).

usage: /usr/bin/python3 make_aligned.py [--n 300] [--window 320] [--seed 0]"""
import argparse
import os
import pickle
import random
import sys
import time

import numpy as np
import torch
from PIL import Image

from image_cache import load_images
from augmentation import jpeg
from common import CACHE, ROOT, read_rows, read_split, write_json

sys.path.insert(0, os.path.join(ROOT, 'deepfake'))
import taef2  # noqa: E402  (owned by the deepfake pipeline; imported, not copied)

# IJG's standard luminance quantisation table (quality 50); a file's table is this scaled by S/100.
IJG_LUMA = [
    16,
    11,
    10,
    16,
    24,
    40,
    51,
    61,
    12,
    12,
    14,
    19,
    26,
    58,
    60,
    55,
    14,
    13,
    16,
    24,
    40,
    57,
    69,
    56,
    14,
    17,
    22,
    29,
    51,
    87,
    80,
    62,
    18,
    22,
    37,
    56,
    68,
    109,
    103,
    77,
    24,
    35,
    55,
    64,
    81,
    104,
    113,
    92,
    49,
    64,
    78,
    87,
    103,
    121,
    120,
    101,
    72,
    92,
    95,
    98,
    112,
    100,
    103,
    99,
]


def jpeg_quality(path):
    """Estimated IJG quality of a JPEG file, or None for other formats. The mean ratio of its luminance table to
    IJG's gives the scale S; quality = 100 - S/2 (S <= 100) or 5000/S. Order of the table does not matter."""
    try:
        im = Image.open(path)
    except Exception:
        return None
    if im.format != 'JPEG' or not getattr(im, 'quantization', None):
        return None
    table = im.quantization.get(0)
    if not table:
        return None
    s = 100.0 * float(np.mean(table)) / float(np.mean(IJG_LUMA))
    q = (200.0 - s) / 2.0 if s <= 100 else 5000.0 / s
    return int(min(100, max(30, round(q))))


def window_of(a, size, rng):
    h, w = a.shape[:2]
    ww, wh = min(size, w - w % 8), min(size, h - h % 8)
    x = 8 * rng.randint(0, (w - ww) // 8)
    y = 8 * rng.randint(0, (h - wh) // 8)
    return a[y : y + wh, x : x + ww]


def save_pickle(name, out):
    """cache/<name>.pkl, replaced atomically, so a run stopped mid-write leaves the previous file intact."""
    tmp = os.path.join(CACHE, name + '.pkl.tmp')
    with open(tmp, 'wb') as f:
        pickle.dump(out, f, protocol=4)
    os.replace(tmp, os.path.join(CACHE, name + '.pkl'))


def chosen_reals(n, seed):
    """The decoded cache, each path's file on disk, and n training real photos in a seeded order; the returned
    rng continues that stream (window positions are drawn from it)."""
    images = load_images()
    full = {r['path']: r['full'] for r in read_rows()}
    reals = sorted(
        r['path'] for r in read_split() if r['split'] == 'train' and r['label'] == 'real' and r['path'] in images
    )
    rng = random.Random(seed)
    rng.shuffle(reals)
    return images, full, reals[:n], rng


def save(out, info, args, t0):
    save_pickle('aligned', out)
    psnrs = [v['psnr_db'] for v in info.values()]
    write_json(
        os.path.join(CACHE, 'aligned.json'),
        {
            'n': len(out),
            'window': args.window,
            'seed': args.seed,
            'mean_psnr_db': float(np.mean(psnrs)),
            'jpeg_share': float(np.mean([v['jpeg_quality'] is not None for v in info.values()])),
            'minutes': (time.time() - t0) / 60,
            'order': list(info),
            'files': info,
        },
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--n', type=int, default=300)
    ap.add_argument('--window', type=int, default=320)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--save_every', type=int, default=25)
    args = ap.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    images, full, chosen, rng = chosen_reals(args.n, args.seed)
    enc, dec = taef2.load()
    out, info = {}, {}
    t0 = time.time()
    for i, p in enumerate(chosen):
        win = window_of(images[p], args.window, rng)
        x = torch.from_numpy(win.astype(np.float32) / 255.0).permute(2, 0, 1)[None]
        y = taef2.round_trip(enc, dec, x)
        psnr = float(10 * torch.log10(1.0 / ((y - x) ** 2).mean().clamp(min=1e-10)))
        rec = Image.fromarray((y[0].permute(1, 2, 0).numpy() * 255.0 + 0.5).astype(np.uint8))
        q = jpeg_quality(full[p])
        if q is not None:
            rec = jpeg(rec, q)
        out['aligned:' + p] = np.asarray(rec, dtype=np.uint8)
        info[p] = {'size': list(win.shape[1::-1]), 'jpeg_quality': q, 'psnr_db': round(psnr, 2)}
        if i % 20 == 0:
            print(
                f'{i}/{len(chosen)} {p} q={q} psnr={psnr:.1f} dB {(time.time() - t0) / (i + 1):.1f} s/img', flush=True
            )
        if (i + 1) % args.save_every == 0 or i + 1 == len(chosen):
            save(out, info, args, t0)
    print(f'wrote {len(out)} aligned fakes, {(time.time() - t0) / 60:.1f} min')


if __name__ == '__main__':
    main()
