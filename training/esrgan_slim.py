"""The ESRGAN-slim 2x network of @upscalerjs/esrgan-slim 1.0.0 (models/x2), re-implemented in torch from its
model.json and weight shards (make_upscaled.py checks it against tfjs)."""
import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import CACHE

MODEL_DIR = os.path.join(CACHE, 'esrgan-slim', 'package', 'models', 'x2')


def _conv(cin, cout, k):
    # Keras padding='same' with stride 1 and an odd kernel pads k // 2 zeros on every side ('valid' 1x1: none).
    return nn.Conv2d(cin, cout, k, padding=k // 2)


class RDNSlim(nn.Module):
    """model.json's graph, layer names kept as the weight names:
    F_m1 (3x3, 3->G0) -> F_0 (3x3) -> D residual dense blocks, each with C dense layers
    F_d_c (3x3, ->G, ReLU) concatenated onto the block input, LFF_d (1x1 back to G0) + block input = LRL_d
    -> concat(LRL_1..LRL_D) -> GFF_1 (1x1) -> GFF_2 (3x3) + F_m1 (FDF)
    -> UPN1 (5x5, 64, ReLU) -> UPN2 (3x3, 32, ReLU) -> UPN3 (3x3, 3*scale^2) -> nearest upsample xscale
    -> SR (3x3, ->3). No activation on the output; no normalisation inside (pixels in 0..255)."""

    def __init__(self, scale, D, C, G, G0):
        super().__init__()
        self.scale, self.D, self.C = scale, D, C
        L = nn.ModuleDict()
        L['F_m1'], L['F_0'] = _conv(3, G0, 3), _conv(G0, G0, 3)
        for d in range(1, D + 1):
            for c in range(1, C + 1):
                L[f'F_{d}_{c}'] = _conv(G0 + (c - 1) * G, G, 3)
            L[f'LFF_{d}'] = _conv(G0 + C * G, G0, 1)
        L['GFF_1'], L['GFF_2'] = _conv(D * G0, G0, 1), _conv(G0, G0, 3)
        L['UPN1'], L['UPN2'], L['UPN3'] = _conv(G0, 64, 5), _conv(64, 32, 3), _conv(32, 3 * scale * scale, 3)
        L['SR'] = _conv(3 * scale * scale, 3, 3)
        self.L = L

    def forward(self, x):
        L = self.L
        f_m1 = L['F_m1'](x)
        h = L['F_0'](f_m1)
        lrls = []
        for d in range(1, self.D + 1):
            feats = [h]
            for c in range(1, self.C + 1):
                feats.append(F.relu(L[f'F_{d}_{c}'](torch.cat(feats, 1))))
            h = L[f'LFF_{d}'](torch.cat(feats, 1)) + h
            lrls.append(h)
        h = L['GFF_2'](L['GFF_1'](torch.cat(lrls, 1))) + f_m1
        h = F.relu(L['UPN1'](h))
        h = F.relu(L['UPN2'](h))
        h = L['UPN3'](h)
        h = F.interpolate(h, scale_factor=self.scale, mode='nearest')  # Keras UpSampling2D 'nearest': pixel repeat
        return L['SR'](h)


def _dequant(raw, spec):
    """One weight's values from its bytes. The tfjs converter may store weights quantised (uint8/uint16 with scale
    and min, or float16); this package's manifest is plain float32, the others are handled for other model.json."""
    q = spec.get('quantization')
    if not q:
        assert spec['dtype'] == 'float32', spec
        return np.frombuffer(raw, dtype='<f4')
    if q['dtype'] == 'float16':
        return np.frombuffer(raw, dtype='<f2').astype(np.float32)
    v = np.frombuffer(raw, dtype={'uint8': np.uint8, 'uint16': '<u2'}[q['dtype']]).astype(np.float32)
    return v * np.float32(q['scale']) + np.float32(q['min'])


def load_model(model_dir=MODEL_DIR):
    mj = json.load(open(os.path.join(model_dir, 'model.json')))
    layers = {L['name']: L for L in mj['modelTopology']['model_config']['config']['layers']}
    scale = layers['UPsample']['config']['size'][0]
    assert layers['UPsample']['config']['interpolation'] == 'nearest'
    D = sum(1 for n in layers if n.startswith('LFF_'))
    C = sum(1 for n in layers if n.startswith('F_1_') and layers[n]['class_name'] == 'Conv2D')
    G, G0 = layers['F_1_1']['config']['filters'], layers['F_0']['config']['filters']
    net = RDNSlim(scale, D, C, G, G0)
    # The graph this class encodes must be the whole of model.json: every Conv2D a module, nothing else unknown.
    convs = {n for n, L in layers.items() if L['class_name'] == 'Conv2D'}
    assert convs == set(net.L.keys()), convs ^ set(net.L.keys())
    assert {L['class_name'] for L in layers.values()} <= {
        'InputLayer',
        'Conv2D',
        'Activation',
        'Concatenate',
        'Add',
        'UpSampling2D',
    }
    for n in convs:
        cfg = layers[n]['config']
        assert cfg['strides'] == [1, 1] and cfg['dilation_rate'] == [1, 1] and cfg['activation'] == 'linear', n
    state = {}
    for group in mj['weightsManifest']:
        blob = b''.join(open(os.path.join(model_dir, p), 'rb').read() for p in group['paths'])
        off = 0
        for spec in group['weights']:
            count = int(np.prod(spec['shape']))
            q = spec.get('quantization')
            width = {'uint8': 1, 'uint16': 2, 'float16': 2}[q['dtype']] if q else 4
            v = torch.from_numpy(_dequant(blob[off : off + count * width], spec).copy()).reshape(spec['shape'])
            off += count * width
            layer, kind = spec['name'].split('/')
            # Keras kernels are HWIO; torch wants OIHW.
            state[f'L.{layer}.' + ('weight' if kind == 'kernel' else 'bias')] = (
                v.permute(3, 2, 0, 1) if kind == 'kernel' else v
            )
        assert off == len(blob), (off, len(blob))
    net.load_state_dict(state, strict=True)
    return net.eval()


@torch.no_grad()
def upscale(net, lr):
    """uint8 HxWx3 -> float32 (H*s)x(W*s)x3 in 0..255 (clipped, as upscaler's scaleOutput does; not rounded)."""
    x = torch.from_numpy(lr.astype(np.float32)).permute(2, 0, 1)[None]
    return net(x)[0].permute(1, 2, 0).clamp(0, 255).numpy()
