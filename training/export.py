"""Step 5: ONNX export (opset 17) with int8 weights, the JSON manifest, and golden outputs for the JS test.

BatchNorm is folded into the convolutions in torch first; each Conv / Linear weight is then quantised per output
channel (symmetric int8) and stored in the ONNX file as int8 + scale behind a DequantizeLinear node. Torch runs
the very same dequantised weights, so `golden.json` (torch's outputs on 20 deterministic inputs) must match
onnxruntime-web within 1e-3: test/models/golden.test.ts checks it.

usage: /usr/bin/python3 export.py [--version N]"""
import argparse
import datetime
import hashlib
import json
import os

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper

from common import CROP, MEAN, REPO, RUNS, SPLIT, STD, build_net, write_json

MODELS = os.path.join(REPO, 'public', 'models')


def fold_bn(net):
    """Fold each Conv2d -> BatchNorm2d pair (MobileNetV2 keeps them adjacent in Sequentials)."""
    for parent in net.modules():
        names = list(parent._modules.keys())
        for a, b in zip(names, names[1:]):
            conv, bn = parent._modules[a], parent._modules[b]
            if isinstance(conv, torch.nn.Conv2d) and isinstance(bn, torch.nn.BatchNorm2d):
                parent._modules[a] = torch.nn.utils.fusion.fuse_conv_bn_eval(conv, bn)
                parent._modules[b] = torch.nn.Identity()
    return net


def fake_quantise(net):
    """Per-output-channel symmetric int8; returns {param name: (int8 array, float32 scales)}."""
    table = {}
    for name, mod in net.named_modules():
        if isinstance(mod, (torch.nn.Conv2d, torch.nn.Linear)):
            w = mod.weight.data
            flat = w.reshape(w.shape[0], -1)
            scale = (flat.abs().max(dim=1).values / 127.0).clamp(min=1e-12).to(torch.float32)
            q = torch.clamp(torch.round(flat / scale[:, None]), -127, 127).to(torch.int8)
            mod.weight.data = (q.to(torch.float32) * scale[:, None]).reshape(w.shape)
            table[name + '.weight'] = (q.numpy().reshape(w.shape), scale.numpy())
    return table


def golden_inputs(n=20):
    """Deterministic inputs both Python and JS can rebuild exactly: x = 2 sin(0.7 n + 1.3 c + 0.05 h + 0.031 w)."""
    idx = np.indices((n, 3, CROP, CROP), dtype=np.float64)
    return (2.0 * np.sin(0.7 * idx[0] + 1.3 * idx[1] + 0.05 * idx[2] + 0.031 * idx[3])).astype(np.float32)


def quantise_onnx(path, table):
    model = onnx.load(path)
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    new_nodes = []
    replaced = 0
    for name, (q, scale) in table.items():
        if name not in inits:
            continue
        init = inits[name]
        current = numpy_helper.to_array(init)
        if not np.allclose(
            current, q.astype(np.float32) * scale.reshape((-1,) + (1,) * (q.ndim - 1)), rtol=0, atol=1e-6
        ):
            raise SystemExit(f'{name}: exported weight differs from the fake-quantised one')
        g.initializer.remove(init)
        g.initializer.extend(
            [
                numpy_helper.from_array(q, name + '_q'),
                numpy_helper.from_array(scale.astype(np.float32), name + '_scale'),
                numpy_helper.from_array(np.zeros(scale.shape, dtype=np.int8), name + '_zp'),
            ]
        )
        new_nodes.append(
            helper.make_node(
                'DequantizeLinear', [name + '_q', name + '_scale', name + '_zp'], [name], axis=0, name=name + '_dq'
            )
        )
        replaced += 1
    for i, n in enumerate(new_nodes):
        g.node.insert(i, n)
    onnx.checker.check_model(model)
    onnx.save(model, path)
    return replaced


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--version', type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(2)
    labels = json.load(open(os.path.join(RUNS, 'labels.json')))
    calib = json.load(open(os.path.join(RUNS, 'calibration.json')))
    metrics = json.load(open(os.path.join(RUNS, 'metrics.json')))
    source_labels = labels['source_labels']
    members = labels.get('members', 1)
    net = build_net(len(source_labels), members)
    net.load_state_dict(torch.load(os.path.join(RUNS, 'classifier.pt'), map_location='cpu'))
    net.eval()
    fold_bn(net)
    table = fake_quantise(net)
    net.eval()

    os.makedirs(MODELS, exist_ok=True)
    onnx_path = os.path.join(MODELS, 'classifier.onnx')
    torch.onnx.export(
        net,
        torch.zeros(1, 3, CROP, CROP),
        onnx_path,
        opset_version=17,
        input_names=['input'],
        output_names=['generation', 'source'],
        do_constant_folding=False,
        dynamic_axes={'input': {0: 'n'}, 'generation': {0: 'n'}, 'source': {0: 'n'}},
    )
    replaced = quantise_onnx(onnx_path, table)
    data = open(onnx_path, 'rb').read()
    print(f'{replaced} weights stored as int8; {len(data) / 1e6:.2f} MB')

    x = torch.from_numpy(golden_inputs())
    with torch.no_grad():
        g, s = net(x)
    write_json(
        os.path.join(REPO, 'training', 'golden.json'),
        {
            'recipe': 'x[n,c,h,w] = 2*sin(0.7n + 1.3c + 0.05h + 0.031w), float32, shape [20,3,224,224]',
            'generation_softmax': torch.softmax(g, 1).tolist(),
            'source_softmax': torch.softmax(s, 1).tolist(),
        },
    )
    v = metrics['variants']['clean']
    write_json(
        os.path.join(MODELS, 'classifier.json'),
        {
            'name': 'veritas-classifier-mnv2',
            'version': args.version,
            'file': 'classifier.onnx',
            'members': members,
            'sha256': hashlib.sha256(data).hexdigest(),
            'bytes': len(data),
            'input': {'name': 'input', 'size': CROP, 'layout': 'NCHW', 'mean': MEAN, 'std': STD, 'scale': '1/255'},
            'outputs': {'generation': 'generation', 'source': 'source'},
            'generation_labels': ['not_ai_generated', 'ai_generated'],
            'source_labels': source_labels,
            'temperature': calib['temperature'],
            'threshold': calib['threshold'],
            'crops': {'size': CROP, 'max': 5},
            'upscale_small': 'bilinear, short side to 224, only when smaller',
            'quantization': 'int8 weights, per output channel, symmetric, DequantizeLinear; activations fp32',
            # The split whose train side the model learnt from: `npm run eval` reads it to know which generators
            # the source head can be expected to name.
            'train_split': f'training/{os.path.basename(SPLIT)}',
            'validation': {
                'split': f'by source (training/{os.path.basename(SPLIT)})',
                'auc': v['auc'],
                'fpr_real': v['fpr_real'],
                'n': metrics['n_val'],
                # crops per image the calibration was fitted with (evaluate.py --crops): the page's default is 3
                'crops': metrics.get('crops', 5),
            },
            'created': datetime.date.today().isoformat(),
        },
    )
    print('wrote', os.path.relpath(onnx_path, REPO), 'and classifier.json, training/golden.json')


if __name__ == '__main__':
    main()
