"""The deepfake head: torchvision's MobileNetV2-1.0 from ImageNet weights with one logit, its input convention (SIZE
x SIZE aligned face crop, ImageNet mean / std), and its weights as shipped (int8 per-channel round trip)."""
import os
import subprocess
import sys

import numpy as np
import torch
import torch.nn as nn
from torchvision.models import mobilenet_v2

import faces as fc
from quant import dequantize, eligible, quantize

SIZE = 128
MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)


def pretrained_path():
    """The ImageNet weights as a torchvision state_dict in runs/, converted from ../shared/weights on first use."""
    out = os.path.join(fc.RUNS, 'mobilenet_v2_imagenet_fp32_torchvision.pth')
    if not os.path.exists(out):
        src = os.path.join(fc.HERE, '..', '..', '..', 'shared', 'weights', 'mobilenet_v2')
        os.symlink(
            os.path.abspath(os.path.join(src, 'mobilenetv2-12-int8.onnx')),
            os.path.join(fc.RUNS, 'mobilenetv2-12-int8.onnx'),
        )
        converter = os.path.abspath(os.path.join(src, 'convert_int8_onnx_to_torchvision.py'))
        subprocess.run([sys.executable, converter], cwd=fc.RUNS, check=True)
    return out


def build_model(pretrained=True):
    net = mobilenet_v2()
    if pretrained:
        net.load_state_dict(torch.load(pretrained_path(), map_location='cpu'))
    net.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(1280, 1))
    return net


def load_net(weights):
    """A train.py (or soup.py / onnx_to_pt.py) checkpoint, float weights as saved."""
    net = build_model(pretrained=False)
    net.load_state_dict(torch.load(weights, map_location='cpu'))
    return net


def quantized_net(weights):
    """The checkpoint with every weight export.py quantises round-tripped through int8, in eval mode: the network
    the shipped ONNX file computes, so evaluate.py measures the shipped model and export.py's golden logits match it."""
    net = build_model(pretrained=False)
    sd = torch.load(weights, map_location='cpu')
    for k, v in sd.items():
        if k.endswith('weight') and eligible(v.numpy()):
            sd[k] = torch.from_numpy(dequantize(*quantize(v.numpy())))
    net.load_state_dict(sd)
    return net.eval()


def normalise(x):
    """HxWx3 pixels in 0..255 -> 3xHxW float32 array, ImageNet-normalised (the model's input)."""
    return ((x.astype(np.float32) / 255.0 - MEAN) / STD).transpose(2, 0, 1)


def to_tensor(x):
    return torch.from_numpy(normalise(x).copy())


def golden_input(shape):
    """The deterministic golden-test input: x[i] = ((i * 7919) % 1000) / 500 - 1 over the flat NCHW tensor."""
    n = int(np.prod(shape))
    return torch.tensor([((i * 7919) % 1000) / 500.0 - 1.0 for i in range(n)], dtype=torch.float32).view(*shape)
