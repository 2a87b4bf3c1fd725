"""Step 3: train the deepfake head on pseudo-fakes made from real faces only (no deepfake is ever seen).

Every training example is a REAL face. Its pseudo-fake twin is one of two families:
- SBI (self-blended images: Shiohara & Yamasaki, CVPR 2022; our own code): the same face blended with a colour- and
  geometry-jittered copy of itself inside a soft mask built from the detector's six keypoints (hull of eyes, ears,
  mouth, extended to the chin): the traces every face swap leaves (blend boundary, colour mismatch, resampling).
- Re-synthesis (v2): the face region passed through the tiny FLUX.2 autoencoder (taef2.py) at a random scale, then
  either blended back inside the same kind of mask or kept whole: a face re-rendered by a neural decoder, with no
  blend boundary, as talking-head generators produce. Precomputed once per face (runs/resynth.npz), the expensive part.
Both classes get the same augmentations (JPEG q50-100, resize, blur, noise, flips, alignment jitter) so the model
cannot key on compression or sharpness alone.

Run: /usr/bin/python3 training/deepfake/train.py [minutes] [--steps N] [--landmarks] [--init PATH] [--stream-seed N] [--out DIR]
(logs to runs/train.log, weights to runs/deepfake.pt, temperature to runs/temperature.txt; --out DIR writes those three
there instead, so a candidate can train while runs/ keeps the shipped model's files; --init starts from earlier weights saved by train.py, not from onnx_to_pt.py's folded ones)
v3 recipe: train.py 45 --init runs/v2/deepfake.pt --stream-seed 1235 (v2's weights, continued 45 min; 369 more steps).
Not shipped: it lost to v2 on the same evaluation (results_v3.json); runs/ was put back to v2's files.
v4 recipe (fixed before any evaluation of it): train.py --steps 234 --landmarks, from ImageNet, stream seed 1234: v2's
recipe and v2's step count (234), with one change: 80% of blend masks (P_LANDMARK) come from the MediaPipe face mesh
(runs/landmarks.tsv from scripts/face-landmarks.ts; 358 of 470 training faces have one): whole face 50%, inner face
25%, lower face (mouth and jaw) 25%, eroded/dilated and blurred; the rest, and faces without a mesh, keep v2's
keypoint mask. Ships only if it beats v2 on frame AUC (flip) and on all 151 fakes, as v3 had to.
Result (results_v4.json, evaluate.py --calibrate): frame AUC 0.731 flip / 0.696 no flip (v2 0.839 / 0.820), all 151
fakes 0.678 (v2 0.780); SadTalker 0.47 (v2 0.92), DeepFaceLive 0.80 (0.88). Not shipped; runs/ put back to v2's files.
Its own pseudo-fake validation accuracy was 0.53-0.57 at the end (v2 0.57-0.62): at 234 steps neither model has
learnt its pseudo-fakes well, so a single run says as much about the draw as about the recipe.
v5 and v6 recipes (fixed before any evaluation of them): no new training, uniform weight averages (training/soup.py)
of runs already made from the same ImageNet weights: v5 = mean(v2, v3) (v3 is v2 continued, so one trajectory: tail
averaging), v6 = mean(v1, v2, v3). Each is scored by evaluate.py --weights. A soup ships only if it beats v2 on frame
AUC (flip) and on all 151 fakes; if both do, the higher frame AUC ships.
Result: v5 0.832 flip, all 151 fakes 0.774: not shipped (results_v5.json). v6 0.858 flip (95% by clip 0.774-0.929),
0.828 no flip, all 151 fakes 0.829, JPEG q75 0.866: shipped (results.json; temperature by temperature.py, 0.2).
Note: runs/v1/deepfake.pt is v1's shipped ONNX turned back into torch by onnx_to_pt.py (BatchNorm folded, identity
BatchNorms), since v1's checkpoint was gone; v6 averages it with v2 / v3's unfolded checkpoints (DEEPFAKE-CARD.md).
Reproduce: soup.py runs/v6/deepfake.pt runs/v1/deepfake.pt runs/v2/deepfake.pt runs/v3/deepfake.pt.
v7 recipe (fixed before any evaluation of it): train.py --steps 1200, from ImageNet, stream seed 1234, no --landmarks:
v2's recipe with about five times its steps (a make_pair costs ~25 ms and a batch-32 step ~1.2 s on 2 cores, so
v2's 7.8 s per step was a busy machine, not the recipe). Only the final weights are evaluated (no checkpoint is
chosen by evaluation). Same ship rule as v5/v6.
Result: stopped at step 325 of 1200 (27 min, sharing 2 cores with a classifier run that needed them more);
never evaluated. Its held-out pseudo-fake accuracy was 0.60 at step 325 (v2 0.57-0.62 at 150-225).
"""
import csv, io, math, os, random, subprocess, sys, time
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F
from PIL import Image, ImageDraw, ImageFilter
from torchvision.models import mobilenet_v2
import faces as fc

torch.set_num_threads(2)
SIZE = 128
BASE = 224            # base crop: side = box * (1 + 2 * BASE_MARGIN), the SBI is made at this size
BASE_MARGIN = 0.45
MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)
SEED = 1234


def pretrained_path():
    out = os.path.join(fc.RUNS, 'mobilenet_v2_imagenet_fp32_torchvision.pth')
    if not os.path.exists(out):
        src = os.path.join(fc.HERE, '..', '..', '..', 'shared', 'weights', 'mobilenet_v2')
        os.symlink(os.path.abspath(os.path.join(src, 'mobilenetv2-12-int8.onnx')), os.path.join(fc.RUNS, 'mobilenetv2-12-int8.onnx'))
        subprocess.run([sys.executable, os.path.abspath(os.path.join(src, 'convert_int8_onnx_to_torchvision.py'))], cwd=fc.RUNS, check=True)
    return out


def build_model(pretrained=True):
    net = mobilenet_v2()
    if pretrained:
        net.load_state_dict(torch.load(pretrained_path(), map_location='cpu'))
    net.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(1280, 1))
    return net


MIN_SCORE = 0.6       # training faces: detector score floor (the detector's weakest hits are often not faces)
RESYNTH = 192         # side of the central region re-synthesised by the autoencoder (covers the model's crop)
RESYNTH_MAX = int(os.environ.get('RESYNTH_MAX', '480'))   # faces given a re-synthesised twin (CPU cost ~1 s each)


def training_sources():
    """Source items training may read: split.tsv (written by prepare.py) lists them, by path."""
    with open(os.path.join(fc.HERE, 'split.tsv')) as f:
        lines = [l for l in f if not l.startswith('#')]
    rows = list(csv.DictReader(lines, delimiter='\t'))
    return {r['path'] for r in rows if r['split'] == 'train'}


LANDMARKS = {}   # face index -> 478x2 landmarks in base-crop coordinates (filled by base_crops when --landmarks)


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


def base_crops(landmarks=False):
    """For every training face: a BASE x BASE crop with a wide margin, its keypoints in crop coordinates, and its
    source item (clip or photo), so that frames of one clip are kept together. With landmarks, the face's MediaPipe
    mesh (when one matches) is mapped into the crop too, into LANDMARKS."""
    images, faces = fc.load_images(), fc.load_faces()
    lms = fc.load_landmarks() if landmarks else {}
    allowed = training_sources()
    out = []
    for iid, row in sorted(images.items()):
        if row['split'] != 'train' or row['label'] != 'real':
            continue
        src = row['source'].rsplit('#', 1)[0]
        assert src in allowed, f'{src} is not a training source in split.tsv'
        img = None
        for f in faces.get(iid, []):
            if fc.too_small(f) or f['score'] < MIN_SCORE:
                continue
            if img is None:
                img = fc.read_rgb(iid)
            m = fc.alignment_transform(f['box'], f['kp'], BASE, BASE_MARGIN)
            crop = fc.warp(img, m, BASE)
            inv = fc.invert(m)
            kp = (inv[:, :2] @ f['kp'].T).T + inv[:, 2]
            pts = match_landmarks(f, lms.get(iid, []))
            if pts is not None:
                LANDMARKS[len(out)] = (inv[:, :2] @ pts.T).T + inv[:, 2]
            out.append((crop, kp, src))
    return out


def resynthesise(data, rng):
    """One autoencoder round trip per face (up to RESYNTH_MAX faces, spread over sources): the central RESYNTH
    square is scaled by 0.5-1.0, encoded and decoded by TAEF2 (sometimes with latent noise), scaled back and pasted
    into a copy of the base crop. Cached in runs/resynth.npz keyed by the face count and seed."""
    path = os.path.join(fc.RUNS, 'resynth.npz')
    key = f'{len(data)}-{RESYNTH_MAX}-{SEED}'
    if os.path.exists(path):
        z = np.load(path)
        if str(z['key']) == key:
            return {int(i): x for i, x in zip(z['idx'], z['img'])}
    import taef2
    enc, dec = taef2.load()
    # spread over sources: round-robin over each source's faces
    by_src = {}
    for i, (_, _, src) in enumerate(data):
        by_src.setdefault(src, []).append(i)
    order, k = [], 0
    lists = [rng.permutation(v).tolist() for v in by_src.values()]
    while len(order) < min(RESYNTH_MAX, len(data)):
        for l in lists:
            if k < len(l):
                order.append(l[k])
        k += 1
    order = order[:RESYNTH_MAX]
    lo = (BASE - RESYNTH) // 2
    out = {}
    t0 = time.time()
    for n, i in enumerate(order):
        crop = data[i][0]
        side = int(rng.choice([96, 128, 160, 192]))
        region = Image.fromarray(crop[lo:lo + RESYNTH, lo:lo + RESYNTH].astype(np.uint8)).resize((side, side), Image.BICUBIC)
        x = torch.from_numpy(np.asarray(region, np.float32) / 255.0).permute(2, 0, 1)[None]
        y = taef2.round_trip(enc, dec, x, latent_noise=float(rng.choice([0.0, 0.0, 0.1, 0.2])))
        y = Image.fromarray((y[0].permute(1, 2, 0).numpy() * 255 + 0.5).astype(np.uint8)).resize((RESYNTH, RESYNTH), Image.BICUBIC)
        full = crop.copy()
        full[lo:lo + RESYNTH, lo:lo + RESYNTH] = np.asarray(y, np.float32)
        out[i] = full.astype(np.uint8)
        if n % 50 == 0:
            print(f'resynth {n}/{len(order)} {time.time() - t0:.0f}s', flush=True)
    np.savez(path, key=key, idx=np.array(list(out.keys())), img=np.array(list(out.values())))
    return out


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


def convex_hull(pts):
    """Andrew's monotone chain (Debian's stack here has no scipy): hull vertices in order."""
    p = sorted(map(tuple, pts))
    def half(seq):
        h = []
        for q in seq:
            while len(h) >= 2 and (h[-1][0] - h[-2][0]) * (q[1] - h[-2][1]) - (h[-1][1] - h[-2][1]) * (q[0] - h[-2][0]) <= 0:
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
    if rng.random() < 0.5:   # erode or dilate the region before softening it, as SBI's mask deformation does
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
    depth = (pts - eyes) @ down / max(1e-6, float(down @ down))   # 0 at the eye line, 1 at the mouth
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


def colour_jitter(x, rng):
    x = x * rng.uniform(0.85, 1.15) + rng.uniform(-18, 18)                    # contrast, brightness
    x = x + rng.uniform(-12, 12, size=3)                                     # RGB shift
    g = x.mean(2, keepdims=True); x = g + (x - g) * rng.uniform(0.8, 1.2)    # saturation
    return np.clip(x, 0, 255)


def geometry_jitter(x, rng):
    s = rng.uniform(0.95, 1.05); sy = s * rng.uniform(0.97, 1.03)
    tx, ty = rng.uniform(-0.03, 0.03, size=2) * BASE
    c = BASE / 2
    m = np.array([[1 / s, 0, c - c / s + tx], [0, 1 / sy, c - c / sy + ty]])
    return fc.warp(x, m, BASE)


def blur_or_sharpen(x, rng):
    img = Image.fromarray(x.astype(np.uint8))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2))) if rng.random() < 0.5 else img.filter(ImageFilter.UnsharpMask(2, int(rng.uniform(30, 120))))
    return np.asarray(img, np.float32)


def self_blend(crop, kp, rng, lm=None):
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
        buf = io.BytesIO(); img.save(buf, 'JPEG', quality=int(rng.integers(50, 101))); img = Image.open(io.BytesIO(buf.getvalue())).convert('RGB')
    x = np.asarray(img, np.float32)
    if rng.random() < 0.2:
        x = x + rng.normal(0, rng.uniform(1, 5), x.shape)
    if rng.random() < 0.5:
        x = x[:, ::-1]
    return np.clip(x, 0, 255)


def to_tensor(x):
    return torch.from_numpy(((x.astype(np.float32) / 255.0 - MEAN) / STD).transpose(2, 0, 1).copy())


P_RESYNTH = 0.4   # share of pseudo-fakes from family 2 (when the face has a re-synthesised twin)
P_LANDMARK = 0.8  # with --landmarks: share of masks drawn from the face mesh (the rest from the six keypoints)


def make_pair(crop, kp, rng, resynth=None, lm=None):
    real = degrade(final_crop(crop, rng), rng)
    if resynth is not None and rng.random() < P_RESYNTH:
        fake = resynth_blend(crop, kp, resynth, rng, lm)
    else:
        fake = self_blend(crop, kp, rng, lm)
    fake = degrade(final_crop(fake, rng), rng)
    return to_tensor(real), to_tensor(fake)


def split_sources(data):
    """Validation by source item (frames of one clip stay on one side): ~12% of sources, fixed, used only to pick
    the temperature and watch for collapse. Never the evaluation set. Returns (train, val) face indices."""
    sources = sorted({d[2] for d in data})
    vsrc = set(np.random.default_rng(SEED + 2).permutation(sources)[:max(4, len(sources) * 12 // 100)].tolist())
    return [i for i, d in enumerate(data) if d[2] not in vsrc], [i for i, d in enumerate(data) if d[2] in vsrc]


def validation_pairs(data, val, resynth):
    """Two fixed (seed 7) real / pseudo-fake pairs per validation face, as a batch and its labels."""
    vrng = np.random.default_rng(7)
    vx, vy = [], []
    for i in val:
        crop, kp, _ = data[i]
        for _ in range(2):
            r, f = make_pair(crop, kp, vrng, resynth.get(i), LANDMARKS.get(i)); vx += [r, f]; vy += [0, 1]
    return torch.stack(vx), torch.tensor(vy, dtype=torch.float32)


def fit_temperature(net, vx, vy):
    """Temperature on the validation pairs: grid search on NLL."""
    net.eval()
    with torch.no_grad():
        vl = torch.cat([net(vx[i:i + 64]).squeeze(1) for i in range(0, len(vx), 64)])
    # From 0.1: a soup of several runs averages their weights and is less confident than each, so its best
    # temperature can be below 1 by far (v6's was at the old floor, 0.5).
    temps = [0.1 + 0.1 * i for i in range(64)]
    return min(temps, key=lambda t: F.binary_cross_entropy_with_logits(vl / t, vy).item())


def main():
    minutes = float(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith('--') else 14
    init = sys.argv[sys.argv.index('--init') + 1] if '--init' in sys.argv else None
    # --stream-seed: seed of the training stream only (batches, augmentations, dropout). A run continued from earlier
    # weights (--init) uses a new one so it does not replay the same batches; the re-synthesis cache and the
    # validation split keep SEED.
    stream = int(sys.argv[sys.argv.index('--stream-seed') + 1]) if '--stream-seed' in sys.argv else SEED
    # --steps N: a fixed number of optimiser steps (the cosine schedule runs over steps), so a run does not depend on
    # how busy the machine is; without it, the time budget in minutes as before.
    steps_total = int(sys.argv[sys.argv.index('--steps') + 1]) if '--steps' in sys.argv else 0
    use_landmarks = '--landmarks' in sys.argv
    out = sys.argv[sys.argv.index('--out') + 1] if '--out' in sys.argv else fc.RUNS
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(stream); torch.manual_seed(stream); random.seed(stream)
    log = open(os.path.join(out, 'train.log'), 'a')
    def say(*a):
        s = ' '.join(str(x) for x in a); print(s, flush=True); log.write(s + '\n'); log.flush()
    data = base_crops(use_landmarks)
    resynth = resynthesise(data, np.random.default_rng(SEED + 1))
    train, val = split_sources(data)
    # Sampling weight 1/sqrt(faces of the source): a 16-frame clip counts 4x a photo, not 16x.
    per_src = {}
    for i in train:
        per_src[data[i][2]] = per_src.get(data[i][2], 0) + 1
    w = np.array([1 / math.sqrt(per_src[data[i][2]]) for i in train]); w /= w.sum()
    say(f'faces: train {len(train)} ({len(per_src)} sources) val {len(val)} ({len({data[i][2] for i in val})} sources); re-synthesised {len(resynth)}'
        f'; with landmarks {len(LANDMARKS)}; steps {steps_total or "by time"}; stream seed {stream}')
    vx, vy = validation_pairs(data, val, resynth)
    net = build_model()
    if init:
        net.load_state_dict(torch.load(init, map_location='cpu'))
        say('init from', init, 'stream seed', stream, 'minutes', minutes, 'P_RESYNTH', P_RESYNTH)
    head = [p for n, p in net.named_parameters() if n.startswith('classifier')]
    body = [p for n, p in net.named_parameters() if not n.startswith('classifier')]
    base_lrs = (3e-4, 1.5e-3) if init else (4e-4, 2e-3)
    opt = torch.optim.AdamW([{'params': body, 'lr': base_lrs[0]}, {'params': head, 'lr': base_lrs[1]}], weight_decay=1e-4)
    B = 32
    t_end = time.time() + minutes * 60
    step = 0; t0 = time.time()
    while (step < steps_total) if steps_total else (time.time() < t_end):
        net.train()
        xs, ys = [], []
        for i in rng.choice(train, B // 2, p=w):
            crop, kp, _ = data[i]
            r, f = make_pair(crop, kp, rng, resynth.get(int(i)), LANDMARKS.get(int(i))); xs += [r, f]; ys += [0, 1]
        x = torch.stack(xs); y = torch.tensor(ys, dtype=torch.float32)
        # linear warm-up over the first 3% of the time budget, then cosine decay to zero at its end
        frac = step / steps_total if steps_total else min(1.0, (time.time() - t0) / (minutes * 60))
        scale = frac / 0.03 if frac < 0.03 else 0.5 * (1 + math.cos(math.pi * (frac - 0.03) / 0.97))
        for g, base_lr in zip(opt.param_groups, base_lrs):
            g['lr'] = base_lr * scale
        loss = F.binary_cross_entropy_with_logits(net(x).squeeze(1), y)
        opt.zero_grad(); loss.backward(); opt.step(); step += 1
        if step % 25 == 0:
            net.eval()
            with torch.no_grad():
                vl = torch.cat([net(vx[i:i + 64]).squeeze(1) for i in range(0, len(vx), 64)])
            vloss = F.binary_cross_entropy_with_logits(vl, vy).item()
            acc = ((vl > 0).float() == vy).float().mean().item()
            say(f'step {step} t {time.time() - t0:.0f}s loss {loss.item():.4f} val_loss {vloss:.4f} val_acc {acc:.3f}')
            torch.save(net.state_dict(), os.path.join(out, 'deepfake.pt'))
    net.eval()
    torch.save(net.state_dict(), os.path.join(out, 'deepfake.pt'))
    T = fit_temperature(net, vx, vy)
    with open(os.path.join(out, 'temperature.txt'), 'w') as f:
        f.write(f'{T:.2f}\n')
    say(f'done: {step} steps in {time.time() - t0:.0f}s, temperature {T:.2f}')


if __name__ == '__main__':
    main()
