"""The tiny FLUX.2 autoencoder (TAEF2, weights in ../shared/weights/taesd, MIT) rebuilt from its published layout, used
by train.py to make the second pseudo-fake family: a real face passed through a neural encoder/decoder, i.e.
re-synthesised by a generator with no blend boundary (what talking-head models such as AniPortrait, which decodes
with a Stable Diffusion VAE, or SadTalker / DreamTalk renderers leave).

Layout: 3x3 convs, residual blocks of three convs, 8x down/up sampling, 32 latent channels; the blocks at the
lowest resolution carry a 1x1 -> GroupNorm(4) -> ReLU -> 1x1 branch added before the block. Images in [0, 1].
"""
import os
import torch
import torch.nn as nn

WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'weights', 'taesd')


def _c3(cin, cout, **kw):
    return nn.Conv2d(cin, cout, 3, padding=1, **kw)


class _Res(nn.Module):
    def __init__(self, ch=64, norm_branch=False):
        super().__init__()
        self.conv = nn.Sequential(_c3(ch, ch), nn.ReLU(), _c3(ch, ch), nn.ReLU(), _c3(ch, ch))
        self.pool = None
        if norm_branch:
            branch = [nn.Conv2d(ch, 4 * ch, 1, bias=False), nn.GroupNorm(4, 4 * ch), nn.ReLU()]
            self.pool = nn.Sequential(*branch, nn.Conv2d(4 * ch, ch, 1, bias=False))
        self.fuse = nn.ReLU()

    def forward(self, x):
        if self.pool is not None:
            x = x + self.pool(x)
        return self.fuse(self.conv(x) + x)


class _TanhClamp(nn.Module):
    def forward(self, x):
        return torch.tanh(x / 3) * 3


def _down():
    return _c3(64, 64, stride=2, bias=False)


def _up():
    return [nn.Upsample(scale_factor=2), _c3(64, 64, bias=False)]


def _res(n, norm_branch=False):
    return [_Res(norm_branch=norm_branch) for _ in range(n)]


def encoder():
    layers = [_c3(3, 64), _Res(), _down(), *_res(3), _down(), *_res(3), _down(), *_res(3, True), _c3(64, 32)]
    return nn.Sequential(*layers)


def decoder():
    layers = [_TanhClamp(), _c3(32, 64), nn.ReLU(), *_res(3, True), *_up(), *_res(3), *_up(), *_res(3), *_up()]
    return nn.Sequential(*layers, _Res(), _c3(64, 3))


def load():
    enc, dec = encoder(), decoder()
    for net, name in ((enc, 'taef2_encoder.pth'), (dec, 'taef2_decoder.pth')):
        sd = torch.load(os.path.join(WEIGHTS, name), map_location='cpu')
        net.load_state_dict({k: v.float() for k, v in sd.items()})
    return enc.eval(), dec.eval()


@torch.no_grad()
def round_trip(enc, dec, x, latent_noise=0.0):
    """x: N x 3 x H x W in [0, 1], H and W multiples of 8. latent_noise: std of Gaussian noise added to the latent
    (relative to its std), a crude stand-in for a generator that samples rather than reconstructs."""
    z = enc(x)
    if latent_noise > 0:
        z = z + torch.randn_like(z) * z.std() * latent_noise
    return dec(z).clamp(0, 1)
