"""Soft blend masks for the pseudo-fakes, in base-crop coordinates: from the detector's six keypoints (hull of eyes,
ears and mouth, extended to the chin) or, with --landmarks, from the MediaPipe face mesh (v4)."""
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from data import BASE

P_LANDMARK = 0.8  # with --landmarks: share of masks drawn from the face mesh (the rest from the six keypoints)


def face_mask(kp, rng):
    re, le, nose, mouth, rear, lear = kp
    eyes = (re + le) / 2
    chin = mouth + (mouth - eyes) * rng.uniform(0.5, 0.9)
    brow_l = le + (le - mouth) * rng.uniform(0.2, 0.5)
    brow_r = re + (re - mouth) * rng.uniform(0.2, 0.5)
    pts = np.array([rear, brow_r, brow_l, lear, chin + (lear - rear) * 0.25, chin, chin - (lear - rear) * 0.25])
    c = pts.mean(0)
    pts = c + (pts - c) * rng.uniform(0.8, 1.1) + rng.normal(0, 3, pts.shape)
    img = Image.new('L', (BASE, BASE), 0)
    ImageDraw.Draw(img).polygon([tuple(p) for p in pts], fill=255)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(2, 12)))
    m = np.asarray(img, np.float32)[..., None] / 255.0
    return m * rng.choice([0.5, 0.75, 1, 1, 1])


def _cross(o, a, b):
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def convex_hull(pts):
    """Andrew's monotone chain (Debian's stack here has no scipy): hull vertices in order."""
    p = sorted(map(tuple, pts))

    def half(seq):
        h = []
        for q in seq:
            while len(h) >= 2 and _cross(h[-2], h[-1], q) <= 0:
                h.pop()
            h.append(q)
        return h[:-1]

    return np.array(half(p) + half(p[::-1]))


def hull_mask(pts, rng):
    """Soft mask from the convex hull of mesh points, scaled about its centre, edge-jittered, blurred."""
    c = pts.mean(0)
    pts = c + (pts - c) * rng.uniform(0.85, 1.05)
    hull = convex_hull(pts)
    hull = hull + rng.normal(0, 2, hull.shape)
    img = Image.new('L', (BASE, BASE), 0)
    ImageDraw.Draw(img).polygon([tuple(p) for p in hull], fill=255)
    if rng.random() < 0.5:  # erode or dilate the region before softening it, as SBI's mask deformation does
        k = int(rng.choice([3, 5, 7]))
        img = img.filter(ImageFilter.MinFilter(k) if rng.random() < 0.5 else ImageFilter.MaxFilter(k))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(2, 12)))
    return np.asarray(img, np.float32)[..., None] / 255.0


def landmark_mask(lm, kp, rng):
    """SBI's mask from the face mesh (v4): the whole face (hull of all 478 points), the inner face (eyes, nose,
    mouth: points near the centre), or the lower face (points below the eye line: mouth and jaw, the region
    talking-head reenactment rewrites). Regions chosen by geometry, not by mesh indices."""
    pts = lm[:468]
    eyes = (kp[0] + kp[1]) / 2
    down = kp[3] - eyes
    depth = (pts - eyes) @ down / max(1e-6, float(down @ down))  # 0 at the eye line, 1 at the mouth
    r = rng.random()
    if r < 0.5:
        sel = pts
    elif r < 0.75:
        c = pts.mean(0)
        d = np.linalg.norm(pts - c, axis=1)
        sel = pts[d <= np.quantile(d, 0.6)]
    else:
        sel = pts[depth >= rng.uniform(0.3, 0.6)]
    if len(sel) < 8:
        sel = pts
    return hull_mask(sel, rng) * rng.choice([0.5, 0.75, 1, 1, 1])


def mask_for(kp, rng, lm=None):
    if lm is not None and rng.random() < P_LANDMARK:
        return landmark_mask(lm, kp, rng)
    return face_mask(kp, rng)
