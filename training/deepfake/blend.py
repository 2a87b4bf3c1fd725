"""The two pseudo-fake families, made at base-crop size from a real face:
- SBI (self-blended images: Shiohara & Yamasaki, CVPR 2022; our own code): the same face blended with a colour- and
  geometry-jittered copy of itself inside a soft mask: the traces every face swap leaves (blend boundary, colour
  mismatch, resampling).
- Re-synthesis (v2): the face passed through the TAEF2 autoencoder (resynth.py), kept whole or blended back inside
  the same kind of mask: a face re-rendered by a neural decoder, as talking-head generators produce."""
import numpy as np
from PIL import Image, ImageFilter

import faces as fc
from data import BASE
from masks import mask_for


def colour_jitter(x, rng):
    x = x * rng.uniform(0.85, 1.15) + rng.uniform(-18, 18)  # contrast, brightness
    x = x + rng.uniform(-12, 12, size=3)  # RGB shift
    g = x.mean(2, keepdims=True)
    x = g + (x - g) * rng.uniform(0.8, 1.2)  # saturation
    return np.clip(x, 0, 255)


def geometry_jitter(x, rng):
    s = rng.uniform(0.95, 1.05)
    sy = s * rng.uniform(0.97, 1.03)
    tx, ty = rng.uniform(-0.03, 0.03, size=2) * BASE
    c = BASE / 2
    m = np.array([[1 / s, 0, c - c / s + tx], [0, 1 / sy, c - c / sy + ty]])
    return fc.warp(x, m, BASE)


def blur_or_sharpen(x, rng):
    img = Image.fromarray(x.astype(np.uint8))
    if rng.random() < 0.5:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2)))
    else:
        img = img.filter(ImageFilter.UnsharpMask(2, int(rng.uniform(30, 120))))
    return np.asarray(img, np.float32)


def self_blend(crop, kp, rng, lm=None):
    """Family 1 (SBI)."""
    src = colour_jitter(crop, rng)
    if rng.random() < 0.6:
        src = blur_or_sharpen(src, rng)
    src = geometry_jitter(src, rng)
    m = mask_for(kp, rng, lm)
    return m * src + (1 - m) * crop


def resynth_blend(crop, kp, resynth, rng, lm=None):
    """Family 2: the autoencoder's face, whole (no boundary at all inside the model's view) or inside a soft mask."""
    src = resynth.astype(np.float32)
    if rng.random() < 0.25:  # a slight colour drift, as a renderer's would be
        src = np.clip(src * rng.uniform(0.95, 1.05) + rng.uniform(-6, 6, size=3), 0, 255)
    if rng.random() < 0.4:
        return src
    m = mask_for(kp, rng, lm)
    return m * src + (1 - m) * crop
