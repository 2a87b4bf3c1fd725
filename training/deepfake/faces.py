"""Shared by training (data.py) and evaluation (scoring.py): the face cache written by scripts/face-cache.ts, and the
alignment warp, written to match src/core/faces/align.ts exactly (same affine, bilinear sampling, clamped borders)."""
import csv
import math
import os

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
RUNS = os.path.join(HERE, 'runs')
MARGIN = 0.25  # DEFAULT_MARGIN in align.ts
MIN_FACE_PX = 40  # MIN_FACE_PX in align.ts


def load_images():
    with open(os.path.join(RUNS, 'images.tsv')) as f:
        return {r['id']: r for r in csv.DictReader(f, delimiter='\t')}


def load_faces():
    faces = {}
    with open(os.path.join(RUNS, 'faces.tsv')) as f:
        for r in csv.DictReader(f, delimiter='\t'):
            kp = [float(v) for v in r['keypoints'].split()]
            faces.setdefault(r['id'], []).append(
                {
                    'score': float(r['score']),
                    'box': (float(r['x']), float(r['y']), float(r['w']), float(r['h'])),
                    'kp': np.array(kp, dtype=np.float64).reshape(6, 2),
                }
            )
    return faces


def load_landmarks():
    """runs/landmarks.tsv (scripts/face-landmarks.ts, MediaPipe FaceLandmarker at training time only): per image id, a
    list of (478x2 pixel landmarks, (x0, y0, x1, y1) box of those landmarks). Empty when the file is absent."""
    path = os.path.join(RUNS, 'landmarks.tsv')
    out = {}
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for r in csv.DictReader(f, delimiter='\t'):
            pts = np.array([float(v) for v in r['landmarks'].split()], dtype=np.float64).reshape(-1, 2)
            box = tuple(float(r[k]) for k in ('x0', 'y0', 'x1', 'y1'))
            out.setdefault(r['id'], []).append((pts, box))
    return out


def iou(a, b):
    """a, b: (x0, y0, x1, y1)."""
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def too_small(face):
    return min(face['box'][2], face['box'][3]) < MIN_FACE_PX


def alignment_transform(box, kp, size, margin=MARGIN):
    """Affine [a b c; d e f] from crop pixel indices (u, v) to source coordinates (alignmentTransform in align.ts)."""
    x, y, w, h = box
    re, le = kp[0], kp[1]
    angle = math.atan2(le[1] - re[1], le[0] - re[0])
    side = max(w, h) * (1 + 2 * margin)
    cx, cy = x + w / 2, y + h / 2
    s = side / size
    cos, sin = math.cos(angle) * s, math.sin(angle) * s
    hh = size / 2 - 0.5
    return np.array([[cos, -sin, cx - cos * hh + sin * hh], [sin, cos, cy - sin * hh - cos * hh]])


def warp(img, m, size):
    """img: HxWx3 float32 array. Bilinear, borders clamped, source pixel centres at integer + 0.5 (warpToTensor)."""
    H, W = img.shape[:2]
    v, u = np.mgrid[0:size, 0:size].astype(np.float64)
    sx = np.clip(m[0, 0] * u + m[0, 1] * v + m[0, 2] - 0.5, 0, W - 1)
    sy = np.clip(m[1, 0] * u + m[1, 1] * v + m[1, 2] - 0.5, 0, H - 1)
    x0 = np.floor(sx).astype(np.int64)
    y0 = np.floor(sy).astype(np.int64)
    x1 = np.minimum(x0 + 1, W - 1)
    y1 = np.minimum(y0 + 1, H - 1)
    fx = (sx - x0)[..., None]
    fy = (sy - y0)[..., None]
    top = img[y0, x0] * (1 - fx) + img[y0, x1] * fx
    bot = img[y1, x0] * (1 - fx) + img[y1, x1] * fx
    return (top * (1 - fy) + bot * fy).astype(np.float32)


def compose(m_outer, m_inner):
    """Affine composition: first m_inner (crop -> intermediate), then m_outer (intermediate -> source)."""
    A = np.vstack([m_outer, [0, 0, 1]])
    B = np.vstack([m_inner, [0, 0, 1]])
    return (A @ B)[:2]


def invert(m):
    return np.linalg.inv(np.vstack([m, [0, 0, 1]]))[:2]


def read_rgb(iid):
    return np.asarray(Image.open(os.path.join(RUNS, 'images', iid + '.png')).convert('RGB'), dtype=np.float32)
