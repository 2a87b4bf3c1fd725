"""Training augmentations, applied to both classes alike (training/README.md, Decisions)."""
import io

import torch
from PIL import Image, ImageFilter

from common import CROP, to_tensor, upscale_small


def jpeg(im, q):
    buf = io.BytesIO()
    im.save(buf, 'JPEG', quality=int(q))
    buf.seek(0)
    return Image.open(buf).convert('RGB')


def augment(im, rng, jpeg_p=0.6, jpeg_twice=0.0, window=0):
    """augment_crop then finish_crop: one augmented, normalised 224 crop (the draws in the order every recipe used)."""
    return finish_crop(augment_crop(im, rng, jpeg_p, jpeg_twice, window), rng)


def augment_crop(im, rng, jpeg_p=0.6, jpeg_twice=0.0, window=0):
    """The augmentations up to the 224 crop (PIL), so distillation can store fixed crops. Applied to both classes
    alike, so neither file format nor size can separate them. jpeg_p: chance of a JPEG
    re-encode (quality 50-100); jpeg_twice: chance that a re-encoded image is re-encoded once more at an
    independent quality, the history of a photo shared, saved and shared again. window: work on a random window of
    this size first (its offset a multiple of 8, so a re-encode's 8x8 grid stays aligned with the file's own, as when
    the whole image is re-encoded); only the final 224 crop is kept anyway, and re-encoding 464 px instead of up to
    1024 px is what makes an epoch of the small artifact network affordable on CPU."""
    w, h = im.size
    if window and (w > window or h > window):
        x, y = 8 * rng.randint(0, max(0, w - window) // 8), 8 * rng.randint(0, max(0, h - window) // 8)
        im = im.crop((x, y, min(w, x + window), min(h, y + window)))
        w, h = im.size
    if rng.random() < 0.35:  # rescale (0.5-1.5x), as re-shared images are
        s = rng.uniform(0.5, 1.5)
        im = upscale_small(im.resize((max(8, round(w * s)), max(8, round(h * s))), Image.BILINEAR))
    elif rng.random() < 0.1:  # screenshot-like: downscale then lossless
        s = rng.uniform(0.5, 0.8)
        im = upscale_small(im.resize((max(8, round(w * s)), max(8, round(h * s))), Image.BICUBIC))
    if rng.random() < jpeg_p:  # JPEG re-encode, both classes
        im = jpeg(im, rng.randint(50, 100))
        if jpeg_twice and rng.random() < jpeg_twice:
            im = jpeg(im, rng.randint(50, 100))
    w, h = im.size
    x, y = rng.randint(0, w - CROP), rng.randint(0, h - CROP)
    im = im.crop((x, y, x + CROP, y + CROP))
    if rng.random() < 0.1:
        im = im.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2)))
    return im


def finish_crop(im, rng):
    """Flip and sensor-like noise on a 224 crop, then the normalised tensor."""
    if rng.random() < 0.5:
        im = im.transpose(Image.FLIP_LEFT_RIGHT)
    t = to_tensor(im)
    if rng.random() < 0.1:
        t = t + torch.randn_like(t) * rng.uniform(0.01, 0.05) / 0.226
    return t
