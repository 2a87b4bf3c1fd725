"""Step 3: train the deepfake head on self-blended images (SBI: Shiohara & Yamasaki, CVPR 2022; our own code).

Every training example is a REAL face. Its pseudo-fake twin is the same face blended with a colour- and
geometry-jittered copy of itself inside a soft mask built from the detector's six keypoints (hull of eyes, ears,
mouth, extended to the chin). The model learns the traces every face swap leaves (blend boundary, colour mismatch,
resampling) rather than any one generator. Both classes get the same augmentations (JPEG q50-100, resize, blur,
noise, flips, alignment jitter) so the model cannot key on compression.

Run: /usr/bin/python3 training/deepfake/train.py [minutes]   (logs to runs/train.log, weights to runs/deepfake.pt)
"""
import io, math, os, random, subprocess, sys, time
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


def base_crops():
    """For every training face: a BASE x BASE crop with a wide margin, and its keypoints in crop coordinates."""
    images, faces = fc.load_images(), fc.load_faces()
    out = []
    for iid, row in images.items():
        if row['split'] != 'train' or row['label'] != 'real':
            continue
        for f in faces.get(iid, []):
            if fc.too_small(f):
                continue
            m = fc.alignment_transform(f['box'], f['kp'], BASE, BASE_MARGIN)
            crop = fc.warp(fc.read_rgb(iid), m, BASE)
            inv = fc.invert(m)
            kp = (inv[:, :2] @ f['kp'].T).T + inv[:, 2]
            out.append((crop, kp, row['group']))
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


def self_blend(crop, kp, rng):
    src = colour_jitter(crop, rng)
    if rng.random() < 0.6:
        src = blur_or_sharpen(src, rng)
    src = geometry_jitter(src, rng)
    m = face_mask(kp, rng)
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


def make_pair(crop, kp, rng):
    real = degrade(final_crop(crop, rng), rng)
    fake = degrade(final_crop(self_blend(crop, kp, rng), rng), rng)
    return to_tensor(real), to_tensor(fake)


def main():
    minutes = float(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith('--') else 14
    rng = np.random.default_rng(SEED); torch.manual_seed(SEED); random.seed(SEED)
    data = base_crops()
    # Validation on pseudo-fakes of held-out training identities (by source group would leave too little):
    # 15% of the faces, fixed, used only to calibrate the temperature and watch for collapse.
    idx = rng.permutation(len(data)); nval = max(8, len(data) * 15 // 100)
    val = [data[i] for i in idx[:nval]]; train = [data[i] for i in idx[nval:]]
    log = open(os.path.join(fc.RUNS, 'train.log'), 'a')
    def say(*a):
        s = ' '.join(str(x) for x in a); print(s); log.write(s + '\n'); log.flush()
    say(f'faces: train {len(train)} val {len(val)}')
    vrng = np.random.default_rng(7)
    vx, vy = [], []
    for crop, kp, _ in val:
        for _ in range(4):
            r, f = make_pair(crop, kp, vrng); vx += [r, f]; vy += [0, 1]
    vx = torch.stack(vx); vy = torch.tensor(vy, dtype=torch.float32)
    net = build_model()
    resume = '--resume' in sys.argv
    if resume:  # continue from runs/deepfake.pt (a second, shorter budget) at half the learning rate
        net.load_state_dict(torch.load(os.path.join(fc.RUNS, 'deepfake.pt'), map_location='cpu'))
    lr_scale = 0.5 if resume else 1.0
    head = [p for n, p in net.named_parameters() if n.startswith('classifier')]
    body = [p for n, p in net.named_parameters() if not n.startswith('classifier')]
    opt = torch.optim.AdamW([{'params': body, 'lr': 4e-4}, {'params': head, 'lr': 2e-3}], weight_decay=1e-4)
    B = 32
    t_end = time.time() + minutes * 60
    step = 0; t0 = time.time(); total_steps_est = None
    best = (-1, None)
    while time.time() < t_end:
        net.train()
        batch = [train[i] for i in rng.integers(0, len(train), B // 2)]
        xs, ys = [], []
        for crop, kp, _ in batch:
            r, f = make_pair(crop, kp, rng); xs += [r, f]; ys += [0, 1]
        x = torch.stack(xs); y = torch.tensor(ys, dtype=torch.float32)
        # cosine decay over the time budget
        frac = min(1.0, (time.time() - t0) / (minutes * 60))
        for g, base_lr in zip(opt.param_groups, (4e-4, 2e-3)):
            g['lr'] = lr_scale * base_lr * 0.5 * (1 + math.cos(math.pi * frac))
        loss = F.binary_cross_entropy_with_logits(net(x).squeeze(1), y)
        opt.zero_grad(); loss.backward(); opt.step(); step += 1
        if step % 25 == 0:
            net.eval()
            with torch.no_grad():
                vl = torch.cat([net(vx[i:i + 64]).squeeze(1) for i in range(0, len(vx), 64)])
            vloss = F.binary_cross_entropy_with_logits(vl, vy).item()
            acc = ((vl > 0).float() == vy).float().mean().item()
            say(f'step {step} t {time.time() - t0:.0f}s loss {loss.item():.4f} val_loss {vloss:.4f} val_acc {acc:.3f}')
            torch.save(net.state_dict(), os.path.join(fc.RUNS, 'deepfake.pt'))
    net.eval()
    torch.save(net.state_dict(), os.path.join(fc.RUNS, 'deepfake.pt'))
    # Temperature on the SBI validation pairs (grid search on NLL).
    with torch.no_grad():
        vl = torch.cat([net(vx[i:i + 64]).squeeze(1) for i in range(0, len(vx), 64)])
    temps = [0.5 + 0.1 * i for i in range(60)]
    T = min(temps, key=lambda t: F.binary_cross_entropy_with_logits(vl / t, vy).item())
    with open(os.path.join(fc.RUNS, 'temperature.txt'), 'w') as f:
        f.write(f'{T:.2f}\n')
    say(f'done: {step} steps, temperature {T:.2f}')


if __name__ == '__main__':
    main()
