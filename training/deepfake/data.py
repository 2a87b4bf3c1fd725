"""The training faces: every real face of a training source (split.tsv) in runs/faces.tsv, as a wide-margin aligned
crop with its keypoints (and, with --landmarks, its MediaPipe mesh) in crop coordinates; and the fixed split of
those faces' sources into training and validation."""
import csv
import os
from typing import NamedTuple, Optional

import numpy as np

import faces as fc

SEED = 1234  # the re-synthesis draw, the validation split and (by default) the training stream
BASE = 224  # base crop: side = box * (1 + 2 * BASE_MARGIN), the SBI is made at this size
BASE_MARGIN = 0.45
MIN_SCORE = 0.6  # training faces: detector score floor (the detector's weakest hits are often not faces)


class Face(NamedTuple):
    crop: np.ndarray  # BASE x BASE x 3 float32, 0..255
    kp: np.ndarray  # the detector's six keypoints in crop coordinates
    source: str  # clip or photo (frames of one clip are kept together)
    mesh: Optional[np.ndarray]  # 478x2 MediaPipe landmarks in crop coordinates (--landmarks), or None


def training_sources():
    """Source items training may read: split.tsv (written by prepare.py) lists them, by path."""
    with open(os.path.join(fc.HERE, 'split.tsv')) as f:
        lines = [line for line in f if not line.startswith('#')]
    rows = list(csv.DictReader(lines, delimiter='\t'))
    return {r['path'] for r in rows if r['split'] == 'train'}


def match_landmarks(face, sets):
    """The landmark set of the same face: best box overlap (the mesh box runs from forehead to chin, so it is larger
    than the detector's box: IoU >= 0.3) and the detector's nose keypoint inside it."""
    x, y, w, h = face['box']
    box = (x, y, x + w, y + h)
    nose = face['kp'][2]
    best, best_iou = None, 0.3
    for pts, lbox in sets:
        v = fc.iou(box, lbox)
        if v >= best_iou and lbox[0] <= nose[0] <= lbox[2] and lbox[1] <= nose[1] <= lbox[3]:
            best, best_iou = pts, v
    return best


def kept_crops(iid, detections):
    """(detection, BASE x BASE wide-margin crop, crop -> image affine) for each face of image `iid` that training
    keeps (not too small, detector score >= MIN_SCORE); the image is read only if one is kept."""
    img = None
    for f in detections:
        if fc.too_small(f) or f['score'] < MIN_SCORE:
            continue
        if img is None:
            img = fc.read_rgb(iid)
        m = fc.alignment_transform(f['box'], f['kp'], BASE, BASE_MARGIN)
        yield f, fc.warp(img, m, BASE), fc.invert(m)


def base_crops(landmarks=False):
    """For every training face: a BASE x BASE crop with a wide margin, its keypoints in crop coordinates, and its
    source item (clip or photo), so that frames of one clip are kept together. With landmarks, the face's MediaPipe
    mesh (when one matches) is mapped into the crop too."""
    images, faces = fc.load_images(), fc.load_faces()
    lms = fc.load_landmarks() if landmarks else {}
    allowed = training_sources()
    out = []
    for iid, row in sorted(images.items()):
        if row['split'] != 'train' or row['label'] != 'real':
            continue
        src = row['source'].rsplit('#', 1)[0]
        assert src in allowed, f'{src} is not a training source in split.tsv'
        for f, crop, inv in kept_crops(iid, faces.get(iid, [])):
            kp = (inv[:, :2] @ f['kp'].T).T + inv[:, 2]
            pts = match_landmarks(f, lms.get(iid, []))
            mesh = None if pts is None else (inv[:, :2] @ pts.T).T + inv[:, 2]
            out.append(Face(crop, kp, src, mesh))
    return out


def fake_crops(paths):
    """Faces of real deepfake items (frames prepare.py extracted for evaluation) whose source path is in `paths`, as
    base crops like the training faces (no mesh): the positives of `train.py --fakes-fold`. Every face the detector
    kept counts: where a clip shows the swap beside its original (some DeepFaceLive demos), the original face is a
    mislabelled positive, noise accepted here as the product's max over faces accepts it."""
    if not paths:
        return []
    images, faces = fc.load_images(), fc.load_faces()
    out = []
    for iid, row in sorted(images.items()):
        src = row['source'].rsplit('#', 1)[0]
        if row['label'] != 'deepfake' or src not in paths:
            continue
        for f, crop, inv in kept_crops(iid, faces.get(iid, [])):
            out.append(Face(crop, (inv[:, :2] @ f['kp'].T).T + inv[:, 2], src, None))
    return out


def split_sources(data):
    """Validation by source item (frames of one clip stay on one side): ~12% of sources, fixed, used only to pick
    the temperature and watch for collapse. Never the evaluation set. Returns (train, val) face indices."""
    sources = sorted({d.source for d in data})
    vsrc = set(np.random.default_rng(SEED + 2).permutation(sources)[: max(4, len(sources) * 12 // 100)].tolist())
    return [i for i, d in enumerate(data) if d.source not in vsrc], [i for i, d in enumerate(data) if d.source in vsrc]
