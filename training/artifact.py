"""The artifact branch: a small network trained from scratch on what generators leave in the pixels, not on what
the image shows.

Its input is the neighbouring-pixel residual of NPR (Tan et al., CVPR 2024, "Rethinking the up-sampling operations
in CNN-based generative network for generalizable deepfake detection"): x minus its 2x nearest down-then-up-sampled
copy, i.e. each pixel minus the top-left pixel of its 2x2 cell. Up-sampling layers in generators leave correlations
inside those cells that camera pipelines do not; the residual keeps them and removes most of the picture's content.
The residual is computed inside the graph (strided slice + nearest resize), so the app feeds the same normalised
224 crops as to the semantic network. ImageNet normalisation is per-channel affine, so the residual of the
normalised crop is the residual of the raw crop times a per-channel constant: nothing is lost.
"""
import torch
import torch.nn.functional as F


def npr(x):
    """x - up2(down2(x)) for [N, C, H, W] with even H and W (224 crops)."""
    return x - F.interpolate(x[:, :, ::2, ::2], scale_factor=2.0, mode='nearest')


def conv_bn(cin, cout, stride):
    return torch.nn.Sequential(
        torch.nn.Conv2d(cin, cout, 3, stride, 1, bias=False), torch.nn.BatchNorm2d(cout), torch.nn.ReLU(inplace=True)
    )


class NprNet(torch.nn.Module):
    """Plain five-convolution CNN on the NPR residual, ~0.2 GMAC at 224 (MobileNetV2 is ~0.3). The first layer runs
    at full resolution with stride 1 so the 2x2 phase structure is seen before any down-sampling; plain 3x3
    convolutions (no depthwise) train fast on CPU. Same two heads and outputs as common.Net."""

    def __init__(self, n_source, width=16):
        super().__init__()
        w = width
        self.features = torch.nn.Sequential(
            conv_bn(3, w, 1),  # 224
            conv_bn(w, 2 * w, 2),  # 112
            conv_bn(2 * w, 4 * w, 2),  # 56
            conv_bn(4 * w, 8 * w, 2),  # 28
            conv_bn(8 * w, 8 * w, 2),  # 14
        )
        # Residuals are small numbers: scaled so the first layer starts in BatchNorm's useful range either way.
        self.gain = 4.0
        self.drop = torch.nn.Dropout(0.2)
        self.generation = torch.nn.Linear(8 * w, 2)
        self.source = torch.nn.Linear(8 * w, n_source)

    def forward(self, x):
        h = self.features(npr(x) * self.gain).mean((2, 3))
        h = self.drop(h)
        return self.generation(h), self.source(h)
