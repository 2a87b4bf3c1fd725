"""Turn a shipped deepfake.onnx back into torch weights for evaluate.py --weights, so a model whose training run is
gone (runs/ is not committed) can be re-measured on a rebuilt evaluation set: the check that the rebuilt set is the
one the shipped figures were measured on, and the baseline a new version is compared against.

The export folded each BatchNorm into the convolution before it (eval mode), so the torch model gets the folded
conv weights (int8 dequantised) and identity BatchNorms carrying the conv bias. Per-output-channel quantisation is
invariant to that folding, so evaluate.py's int8 round trip leaves these weights as they are. Not a starting point
for train.py --init: the folded BatchNorms would re-normalise by batch statistics in training mode.

Run: /usr/bin/python3 training/deepfake/onnx_to_pt.py public/models/deepfake.onnx runs/v1/deepfake.pt
"""
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from export import GOLDEN
from model import build_model, golden_input

torch.set_num_threads(2)


def weights_of(model):
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    deq = {}
    for n in model.graph.node:
        if n.op_type == 'DequantizeLinear':
            q, s = inits[n.input[0]].astype(np.float32), inits[n.input[1]]
            deq[n.output[0]] = (q.reshape(q.shape[0], -1) * s[:, None]).reshape(q.shape)
    return {**inits, **deq}


def main():
    src, dst = sys.argv[1], sys.argv[2]
    model = onnx.load(src)
    w = weights_of(model)
    convs = [n for n in model.graph.node if n.op_type == 'Conv']
    gemm = [n for n in model.graph.node if n.op_type == 'Gemm']
    net = build_model(pretrained=False)
    mods = dict(net.named_modules())
    tconvs = [k for k, m in mods.items() if isinstance(m, torch.nn.Conv2d)]
    assert len(tconvs) == len(convs), (len(tconvs), len(convs))
    sd = net.state_dict()
    names = list(mods)
    for k, n in zip(tconvs, convs):
        cw, cb = w[n.input[1]], w[n.input[2]]
        assert tuple(sd[k + '.weight'].shape) == cw.shape, (k, cw.shape)
        sd[k + '.weight'] = torch.from_numpy(cw.copy())
        bn = names[names.index(k) + 1]  # torchvision's MobileNetV2: every conv is followed by its BatchNorm
        assert isinstance(mods[bn], torch.nn.BatchNorm2d), bn
        eps = mods[bn].eps
        sd[bn + '.weight'] = torch.ones_like(sd[bn + '.weight'])
        sd[bn + '.bias'] = torch.from_numpy(cb.copy())
        sd[bn + '.running_mean'] = torch.zeros_like(sd[bn + '.running_mean'])
        sd[bn + '.running_var'] = torch.full_like(sd[bn + '.running_var'], 1 - eps)
    g = gemm[0]
    assert any(a.name == 'transB' and a.i == 1 for a in g.attribute)
    sd['classifier.1.weight'] = torch.from_numpy(w[g.input[1]].copy())
    sd['classifier.1.bias'] = torch.from_numpy(w[g.input[2]].copy())
    net.load_state_dict(sd)
    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    torch.save(net.state_dict(), dst)
    # Check: the same logits as the golden file written at export time (torch, int8 round-tripped weights).
    golden = json.load(open(GOLDEN))
    with torch.no_grad():
        got = net.eval()(golden_input(golden['shape'])).squeeze(1).tolist()
    print('logits', got, 'golden', golden['logits'])


if __name__ == '__main__':
    main()
