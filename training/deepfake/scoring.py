"""Scoring faces: the aligned crops of every face of the selected images (for our head and, at its own size, for
MesoNet), and the models' outputs on them with and without flip averaging."""
import numpy as np
import torch
from PIL import Image

import faces as fc
from augment import jpeg
from model import SIZE, normalise

MESO_SIZE = 256  # MesoNet's input side (values in [0, 1])


def crops_for(split_filter, jpeg_q=None):
    """Crops of every face (at least MIN_FACE_PX) of the images whose images.tsv row passes split_filter, optionally
    after re-encoding each whole image as JPEG at jpeg_q. Returns (ours NCHW, mesonet NCHW, [(id, label, group)])."""
    images, faces = fc.load_images(), fc.load_faces()
    ours, meso, meta = [], [], []
    for iid, row in sorted(images.items()):
        if not split_filter(row):
            continue
        img = None
        for f in faces.get(iid, []):
            if fc.too_small(f):
                continue
            if img is None:
                img = fc.read_rgb(iid)
                if jpeg_q:
                    img = np.asarray(jpeg(Image.fromarray(img.astype(np.uint8)), jpeg_q), np.float32)
            a = fc.warp(img, fc.alignment_transform(f['box'], f['kp'], SIZE), SIZE)
            b = fc.warp(img, fc.alignment_transform(f['box'], f['kp'], MESO_SIZE), MESO_SIZE)
            ours.append(normalise(a))
            meso.append((b / 255.0).transpose(2, 0, 1))
            meta.append((iid, row['label'], row['group']))
    return np.array(ours, np.float32), np.array(meso, np.float32), meta


def run(net, x, bs=64, flip=False):
    """flip: average the logit of the crop and its mirror image (what the worker does, src/core/faces + faces.ts)."""
    with torch.no_grad():
        out = torch.cat([net(torch.from_numpy(x[i : i + bs])).flatten() for i in range(0, len(x), bs)]).numpy()
        if flip:
            xf = np.ascontiguousarray(x[..., ::-1])
            mirrored = torch.cat([net(torch.from_numpy(xf[i : i + bs])).flatten() for i in range(0, len(xf), bs)])
            out = (out + mirrored.numpy()) / 2
        return out


def run_pair(net, x, bs=64):
    """Logits of each crop and of its mirror image: flip TTA (what the worker does with tta_flip, src/core/faces +
    faces.ts) is their mean, no TTA is the first; one pass gives both figures."""
    return run(net, x, bs), run(net, np.ascontiguousarray(x[..., ::-1]), bs)


def tta(pair, flip):
    return (pair[0] + pair[1]) / 2 if flip else pair[0]
