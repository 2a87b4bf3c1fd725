"""What train.py and distill.py share: the source head's classes, the ImageNet initialisation, the optimiser and its
one-cycle schedule."""
import collections
import os

import torch

from common import CACHE
from hive_classes import MIN_SOURCE_TRAIN

WEIGHTS = os.path.join(CACHE, 'mobilenet_v2_imagenet_fp32_torchvision.pth')


def source_head_labels(train):
    """['none'] + every Hive class with at least MIN_SOURCE_TRAIN training images; and the per-class counts."""
    counts = collections.Counter(r['hive_class'] for r in train)
    labels = ['none'] + sorted(c for c, n in counts.items() if c != 'none' and n >= MIN_SOURCE_TRAIN)
    return labels, counts


def init_imagenet(net):
    """Load ImageNet MobileNetV2 features into a common.Net (training/README.md step 1 converts them)."""
    if not os.path.exists(WEIGHTS):
        raise SystemExit(f'missing {WEIGHTS}: run the MobileNetV2 conversion first (training/README.md)')
    sd = torch.load(WEIGHTS, map_location='cpu')
    net.features.load_state_dict({k[len('features.') :]: v for k, v in sd.items() if k.startswith('features.')})
    return net


def optimiser(net, arch, lr, total_steps):
    """AdamW with a one-cycle schedule. A pretrained backbone moves slower than its new heads (3e-4 / 1e-3); a
    network trained from scratch takes one rate (2e-3). lr overrides the backbone's (heads scaled alike)."""
    base = lr or (3e-4 if arch == 'mnv2' else 2e-3)
    lrs = [base, base * (1e-3 / 3e-4) if arch == 'mnv2' else base]
    params = [
        {'params': net.features.parameters(), 'lr': lrs[0]},
        {'params': list(net.generation.parameters()) + list(net.source.parameters()), 'lr': lrs[1]},
    ]
    opt = torch.optim.AdamW(params, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lrs, total_steps=total_steps, pct_start=0.1)
    return opt, sched


def source_loss(s, ys):
    """The source head's loss at train.py's weight (0.5); rows whose class is in no head slot (-100: real photos'
    own `none` is a slot, aligned fakes and rare generators are not) are left out; 0 when none is left."""
    if (ys >= 0).any():
        return 0.5 * torch.nn.functional.cross_entropy(s, ys, ignore_index=-100)
    return 0.0


def take_step(opt, sched, loss, tot, g, y):
    """One optimiser step, and the epoch's running loss / accuracy."""
    opt.zero_grad()
    loss.backward()
    opt.step()
    sched.step()
    tot['loss'] += loss.item() * len(y)
    tot['acc'] += (g.argmax(1) == y).sum().item()
    tot['n'] += len(y)


def end_epoch(net, epoch, epochs, tot, seconds, out):
    """Print the epoch's figures and checkpoint (contiguous: the file reads the same whatever layout trained it)."""
    print(
        f"epoch {epoch + 1}/{epochs} loss {tot['loss'] / tot['n']:.4f} train-acc {tot['acc'] / tot['n']:.3f} "
        f"{tot['n'] / seconds:.1f} img/s",
        flush=True,
    )
    torch.save({k: v.contiguous() for k, v in net.state_dict().items()}, out)
