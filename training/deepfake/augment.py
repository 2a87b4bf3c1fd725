"""A training pair: a real face and its pseudo-fake twin (blend.py), each framed as the app frames a face (with the
detector's box jitter) and degraded alike (JPEG q50-100, resize, blur, noise, flips), so the model cannot key on
compression or sharpness alone."""
import io
import math

import numpy as np
from PIL import Image, ImageFilter

import faces as fc
from blend import resynth_blend, self_blend
from data import BASE, BASE_MARGIN
from model import SIZE, to_tensor

P_RESYNTH = 0.4  # share of pseudo-fakes from family 2 (when the face has a re-synthesised twin)


def jpeg(img, quality):
    """PIL image re-encoded as JPEG at this quality, decoded back to RGB."""
    buf = io.BytesIO()
    img.save(buf, 'JPEG', quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert('RGB')


def final_crop(x, rng, jitter=True):
    """From the base crop to the model's framing (margin 0.25), with the detector's box jitter."""
    ratio = (1 + 2 * fc.MARGIN) / (1 + 2 * BASE_MARGIN)
    if jitter:
        ratio *= rng.uniform(0.9, 1.1)
    ang = math.radians(rng.uniform(-6, 6)) if jitter else 0.0
    t = rng.uniform(-0.04, 0.04, size=2) * BASE if jitter else np.zeros(2)
    s = ratio * BASE / SIZE
    cos, sin = math.cos(ang) * s, math.sin(ang) * s
    hh = SIZE / 2 - 0.5
    c = BASE / 2
    m = np.array([[cos, -sin, c + t[0] - cos * hh + sin * hh], [sin, cos, c + t[1] - sin * hh - cos * hh]])
    return fc.warp(x, m, SIZE)


def degrade(x, rng):
    img = Image.fromarray(np.clip(x, 0, 255).astype(np.uint8))
    if rng.random() < 0.3:
        k = rng.uniform(0.4, 0.9)
        img = img.resize((max(16, int(SIZE * k)),) * 2, Image.BILINEAR).resize((SIZE, SIZE), Image.BILINEAR)
    if rng.random() < 0.2:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.0)))
    if rng.random() < 0.7:
        img = jpeg(img, int(rng.integers(50, 101)))
    x = np.asarray(img, np.float32)
    if rng.random() < 0.2:
        x = x + rng.normal(0, rng.uniform(1, 5), x.shape)
    if rng.random() < 0.5:
        x = x[:, ::-1]
    return np.clip(x, 0, 255)


def make_pair(crop, kp, rng, resynth=None, lm=None):
    """(real, pseudo-fake) model inputs from one training face; resynth: its re-synthesised twin, if it has one."""
    real = degrade(final_crop(crop, rng), rng)
    if resynth is not None and rng.random() < P_RESYNTH:
        fake = resynth_blend(crop, kp, resynth, rng, lm)
    else:
        fake = self_blend(crop, kp, rng, lm)
    fake = degrade(final_crop(fake, rng), rng)
    return to_tensor(real), to_tensor(fake)
